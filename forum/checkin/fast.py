"""The doors' common case in two statements: an entrance scan of a badge we know.

One SELECT reads the badge, its holder and city, the current edition, an earlier answer to
the same nonce and an earlier admission, and locks the badge without waiting; one
``INSERT … ON CONFLICT DO NOTHING`` records the scan. Anything else (a session door, an
unknown code, a badge another door holds, a race the insert loses) returns None, and the
caller answers through ``services.check_in``, which judges the same way step by step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import contains_eager

from forum.badges.models import Badge
from forum.badges.services import parse_qr_text
from forum.checkin.models import ENTRANCE, CheckIn, ScanStatus
from forum.checkin.schemas import ScanResult
from forum.checkin.services import MAX_CODE_LENGTH, Scan, response_to, scan_time
from forum.db import is_lock_timeout
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus

S = ScanStatus


@dataclass(frozen=True)
class Read:
    """What the one SELECT found: the badge (holder and city loaded) and its context."""

    badge: Badge
    edition_id: int
    edition_number: int
    replay: dict[str, Any] | None
    first_at: datetime | None


def fast_check_in(scan: Scan, *, now: datetime) -> ScanResult | None:
    """Answer and record an entrance scan in two statements, or None for the full path."""
    if scan.checkpoint != ENTRANCE or len(scan.text) > MAX_CODE_LENGTH:
        return None
    content = parse_qr_text(scan.text)
    if content is None:
        return None
    read = _read(content.code, scan.nonce)
    if read is None:
        return None
    if read.replay is not None:
        return ScanResult.model_validate(read.replay)
    if content.edition_number != read.edition_number:
        return None  # a badge of another edition: rare, the full path says so
    status = _status(read)
    timed = Scan(scan.text, ENTRANCE, scan.nonce, scan_time(scan.scanned_at, now), scan.device)
    first = read.first_at if status is S.ALREADY_CHECKED_IN else None
    response = response_to(status, ENTRANCE, timed, read.badge, first)
    return response if _recorded(read, timed, status, response, now) else None


@cache
def _read_statement() -> sa.Select[Any]:
    """The one SELECT, built once: a statement rebuilt per scan costs more than its round
    trip (construction, then its cache key); the code and nonce are bound per scan."""
    current = (
        sa.select(Edition.id, Edition.number)
        .order_by(Edition.is_current.desc(), Edition.number.desc())
        .limit(1)
        .subquery()
    )
    replay = (
        sa.select(CheckIn.response).where(CheckIn.nonce == sa.bindparam("nonce")).scalar_subquery()
    )
    first_at = (
        sa.select(CheckIn.scanned_at)
        .where(CheckIn.badge_id == Badge.id, CheckIn.checkpoint == ENTRANCE, CheckIn.status == S.OK)
        .scalar_subquery()
    )
    return (
        sa.select(Badge, current.c.id, current.c.number, replay, first_at)
        .join(Badge.registration)
        .join(Registration.city)
        .join(current, sa.true())
        .where(Badge.code == sa.bindparam("code"))
        .options(contains_eager(Badge.registration).contains_eager(Registration.city))
        .with_for_update(of=Badge, nowait=True)
    )


def _read(code: str, nonce: str) -> Read | None:
    statement = _read_statement()
    try:
        row = db.session.execute(statement, {"code": code, "nonce": nonce}).first()
    except sa.exc.OperationalError as error:
        if not is_lock_timeout(error):
            raise
        db.session.rollback()  # another door holds this badge: the full path waits its turn
        return None
    if row is None:
        return None
    badge, edition_id, edition_number, replayed, first = row
    return Read(badge, edition_id, edition_number, replayed, first)


def _status(read: Read) -> ScanStatus:
    registration = read.badge.registration
    if registration.edition_id != read.edition_id:
        return S.WRONG_EDITION
    if read.badge.is_revoked:
        return S.REVOKED
    if registration.status is not RegistrationStatus.APPROVED:
        return S.NOT_APPROVED
    if read.first_at is not None:
        return S.ALREADY_CHECKED_IN
    return S.OK


def _recorded(
    read: Read, scan: Scan, status: ScanStatus, response: ScanResult, now: datetime
) -> bool:
    """Insert the scan; False when the nonce or the admission was taken meanwhile."""
    values = {
        "edition_id": read.edition_id,
        "badge_id": read.badge.id,
        "checkpoint": ENTRANCE,
        "status": status,
        "nonce": scan.nonce,
        "scanned_at": scan.scanned_at,
        "recorded_at": now,
        "device": scan.device[:120],
        "response": response.model_dump(mode="json"),
    }
    return db.session.execute(_insert_statement(db.engine.dialect.name), values).first() is not None


@cache
def _insert_statement(dialect: str) -> sa.Insert:
    """The INSERT, built once per dialect, on the table (not the ORM's bulk path)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = cast(sa.Table, CheckIn.__table__)
    return insert(table).on_conflict_do_nothing().returning(table.c.id)
