"""Checking badges in at the entrance and session doors: one admission per badge and door."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from forum.agenda.models import Session, SessionSource
from forum.agenda.signups import has_picked
from forum.badges.models import Badge
from forum.badges.services import parse_qr_text
from forum.checkin.models import ENTRANCE, CheckIn, ScanStatus
from forum.checkin.schemas import ScanRequest, ScanResult, checkpoint_text
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import DomainError
from forum.extensions import db
from forum.registration.cards import DelegateCard, card_of, delegate_card
from forum.registration.models import Registration, RegistrationStatus

S = ScanStatus
MAX_CODE_LENGTH = 200
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_OFFLINE_AGE = timedelta(days=7)


class InvalidScan(DomainError):
    """The request itself is malformed (not the badge): a JSON error, not a scan status."""

    status = 400


class UnknownCheckpoint(InvalidScan):
    """The checkpoint names no forum session of this edition."""

    status = 404


@dataclass(frozen=True)
class Scan:
    """One scan as the scanner reports it; no ``scanned_at`` means now."""

    text: str
    checkpoint: str
    nonce: str
    scanned_at: datetime | None = None
    device: str = ""

    @classmethod
    def sent(cls, request: ScanRequest, device: str) -> Scan:
        """The scan a scanner's request reports, from ``device``."""
        return cls(
            text=request.code,
            checkpoint=str(request.checkpoint),
            nonce=request.nonce,
            scanned_at=request.scanned_at,
            device=device,
        )


def checkpoint_key(edition: Edition, checkpoint: str) -> tuple[str, Session | None]:
    """The stored name of a checkpoint ("entrance" or "session:<id>") and its session."""
    try:
        raw = checkpoint_text(checkpoint)
    except ValueError as error:
        raise InvalidScan(
            "invalid_checkpoint", "checkpoint must be 'entrance' or a session id."
        ) from error
    if raw == ENTRANCE:
        return ENTRANCE, None
    session = db.session.get(Session, int(raw))
    if (
        session is None
        or session.edition_id != edition.id
        or session.source is not SessionSource.FORUM
    ):
        raise UnknownCheckpoint(
            "unknown_checkpoint", "No forum session of this edition has that id."
        )
    return f"session:{session.id}", session


def scan_time(reported: datetime | None, now: datetime) -> datetime:
    """When the badge was scanned: the offline scanner's time if it is believable, else now."""
    if reported is None:
        return now
    if not now - MAX_OFFLINE_AGE <= reported <= now + MAX_CLOCK_SKEW:
        raise InvalidScan(
            "invalid_scanned_at", "scanned_at must lie within the last 7 days, in ISO 8601."
        )
    return min(reported, now)


def check_in(edition: Edition, scan: Scan, *, now: datetime) -> ScanResult:
    """Answer a scan and record it; a replayed nonce gets the first answer and writes nothing."""
    scan = replace(scan, scanned_at=scan_time(scan.scanned_at, now))
    previous = _replayed(scan.nonce)
    if previous is not None:
        return previous
    key, session = checkpoint_key(edition, scan.checkpoint)
    for _attempt in range(2):
        status, badge, first = _judge(edition, scan.text, key, session)
        response = response_to(status, key, scan, badge, first.scanned_at if first else None)
        try:
            _record(edition, scan, key, status, badge, response, now)
        except IntegrityError:
            # Another request won a race the locks did not cover: the same nonce, or an
            # admission the unique index refused. Its answer, or a fresh judgement, stands.
            replay = _replayed(scan.nonce)
            if replay is not None:
                return replay
            continue
        return response
    raise InvalidScan("conflict", "The badge was scanned elsewhere at the same moment; scan again.")


def _record(
    edition: Edition,
    scan: Scan,
    key: str,
    status: ScanStatus,
    badge: Badge | None,
    response: ScanResult,
    now: datetime,
) -> None:
    row = CheckIn(
        edition_id=edition.id,
        badge_id=badge.id if badge else None,
        checkpoint=key,
        status=status,
        nonce=scan.nonce,
        scanned_at=scan.scanned_at,
        recorded_at=now,
        device=scan.device[:120],
        response=response.model_dump(mode="json"),
    )
    with db.session.begin_nested():
        db.session.add(row)


def _replayed(nonce: str) -> ScanResult | None:
    row = db.session.scalar(sa.select(CheckIn).where(CheckIn.nonce == nonce))
    return replayed(row.response) if row is not None else None


def replayed(stored: dict[str, Any]) -> ScanResult:
    """The answer a recorded scan gave, from its row: the doors' fast path keeps only what
    SQL knows, so what follows from it is added (the message from the status, the country's
    name from its code); the full path keeps the whole answer."""
    answer = {"message": MESSAGES[ScanStatus(stored["status"])]} | stored
    held = stored.get("delegate")
    if held is not None and "country_name" not in held:
        answer["delegate"] = card_of(held["name"], held["city"], held["country"], held["category"])
    return ScanResult.model_validate(answer)


def _judge(
    edition: Edition, text: str, key: str, session: Session | None
) -> tuple[ScanStatus, Badge | None, CheckIn | None]:
    """The status of a scan, the badge it named, and the admission it repeats if any."""
    content = parse_qr_text(text[:MAX_CODE_LENGTH]) if len(text) <= MAX_CODE_LENGTH else None
    if content is None:
        return S.UNKNOWN, None, None
    if content.edition_number != edition.number:
        return S.WRONG_EDITION, None, None
    badge = _locked_badge(content.code)
    if badge is None:
        return S.UNKNOWN, None, None
    registration = badge.registration
    if registration.edition_id != edition.id:
        return S.WRONG_EDITION, badge, None
    if badge.is_revoked:
        return S.REVOKED, badge, None
    if registration.status is not RegistrationStatus.APPROVED:
        return S.NOT_APPROVED, badge, None
    first = _admission(badge, key)
    if first is not None:
        return S.ALREADY_CHECKED_IN, badge, first
    return _door_rules(registration, session), badge, None


def _locked_badge(code: str) -> Badge | None:
    """The badge with its holder and city, locked: two doors scanning it at once are
    answered one after the other. One statement, for the hot path at the doors."""
    return db.session.scalars(
        sa.select(Badge)
        .where(Badge.code == code)
        .options(joinedload(Badge.registration).joinedload(Registration.city))
        .with_for_update(of=Badge)
    ).first()


def _admission(badge: Badge, key: str) -> CheckIn | None:
    return db.session.scalar(
        sa.select(CheckIn).where(
            CheckIn.badge_id == badge.id, CheckIn.checkpoint == key, CheckIn.status == S.OK
        )
    )


def _door_rules(registration: Registration, session: Session | None) -> ScanStatus:
    """Session doors: sign-up required where places are counted, and no more than the room holds."""
    if session is None:
        return S.OK
    if session.capacity is not None and not has_picked(registration, session):
        return S.NOT_SIGNED_UP
    seats = session.room.seats if session.room else None
    if seats is None:
        return S.OK
    # The session's row serialises admissions to it, so two doors cannot fill the last seat.
    lock_row(Session, session.id)
    if _admitted(session) >= seats:
        return S.ROOM_FULL
    return S.OK


def _admitted(session: Session) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(CheckIn)
            .where(CheckIn.checkpoint == f"session:{session.id}", CheckIn.status == S.OK)
        )
        or 0
    )


MESSAGES = {
    S.OK: "Welcome.",
    S.ALREADY_CHECKED_IN: "This badge was already checked in here.",
    S.UNKNOWN: "This is not a badge of the forum.",
    S.REVOKED: "This badge was replaced or cancelled.",
    S.NOT_APPROVED: "This registration is not approved.",
    S.WRONG_EDITION: "This badge is for another edition of the forum.",
    S.NOT_SIGNED_UP: "This delegate did not sign up for this session.",
    S.ROOM_FULL: "The room is full.",
}


ADMITTED = frozenset({S.OK, S.ALREADY_CHECKED_IN})


def response_to(
    status: ScanStatus, key: str, scan: Scan, badge: Badge | None, first: datetime | None
) -> ScanResult:
    """The answer to a judged scan, as the scanner shows it and a replay returns it."""
    assert scan.scanned_at is not None  # check_in settled it
    admitted = status in ADMITTED and badge is not None
    card = delegate_card(badge.registration) if admitted and badge else None
    return answer(status, key, scan.scanned_at, card, first)


def answer(
    status: ScanStatus,
    key: str,
    scanned_at: datetime,
    card: DelegateCard | None,
    first: datetime | None,
) -> ScanResult:
    """The answer itself: the delegate's card only when the badge admits them."""
    return ScanResult(
        status=status,
        message=MESSAGES[status],
        checkpoint=key,
        scanned_at=scanned_at,
        delegate=card,
        first_checked_in_at=first,
    )
