"""The doors' common case in two statements: a scan of a badge we know.

One SELECT reads the badge, its holder and city, the current edition, an earlier answer to
the same nonce, an earlier admission at this door and, at a session's door, the session, its
room's seats and the holder's sign-up; one ``INSERT … ON CONFLICT DO NOTHING`` records the
scan. On PostgreSQL both run in autocommit, so they are the scan's only round trips.

No row is locked: a scan changes no row, it adds one, and the unique indexes on the nonce
and on one admission per badge and door decide every race inside the database. The insert
that loses records nothing and returns None, as does anything else (an unknown code or
session, a badge of another edition, a room whose seats must be counted); the caller then
answers through ``services.check_in``, which locks what it counts and judges the same way
step by step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from forum.agenda.models import Room, Session, SessionSignup, SessionSource
from forum.badges.models import Badge
from forum.badges.services import QrContent, parse_qr_text
from forum.checkin.models import ENTRANCE, CheckIn, ScanStatus
from forum.checkin.schemas import ScanResult, checkpoint_text
from forum.checkin.services import ADMITTED, MAX_CODE_LENGTH, Scan, answer, scan_time
from forum.cities.models import City
from forum.db import hot_autocommit_engine
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.cards import DelegateCard, card_of
from forum.registration.models import Registration, RegistrationStatus, full_name

S = ScanStatus
FORUM = SessionSource.FORUM


@dataclass(frozen=True)
class Door:
    """A session's door as the SELECT found it (None at the entrance)."""

    edition_id: int | None  # None: no such session
    source: SessionSource | None
    capacity: int | None
    seats: int | None
    signed_up: bool


@dataclass(frozen=True)
class Read:
    """What the one SELECT found: the badge's state, its holder's card and the context."""

    badge_id: int
    revoked: bool
    registration_edition_id: int
    registration_status: RegistrationStatus
    card: DelegateCard
    edition_id: int
    edition_number: int
    replay: dict[str, Any] | None
    first_at: datetime | None
    door: Door | None


def fast_check_in(scan: Scan, *, now: datetime) -> ScanResult | None:
    """Answer and record a scan in two statements, or None for the full path."""
    if len(scan.text) > MAX_CODE_LENGTH:
        return None
    content = parse_qr_text(scan.text)
    if content is None:
        return None
    try:
        door = checkpoint_text(scan.checkpoint)
    except ValueError:
        return None  # the full path refuses it
    session_id = None if door == ENTRANCE else int(door)
    timed = replace(scan, scanned_at=scan_time(scan.scanned_at, now))  # refused before a replay
    with _connection() as connection:
        return _answered(connection, content, session_id, timed, now)


def _answered(
    connection: sa.Connection,
    content: QrContent,
    session_id: int | None,
    scan: Scan,
    now: datetime,
) -> ScanResult | None:
    key = ENTRANCE if session_id is None else f"session:{session_id}"
    read = _read(connection, content.code, scan.nonce, key, session_id)
    if read is None:
        return None
    if read.replay is not None:
        return ScanResult.model_validate(read.replay)
    status = _status(read) if content.edition_number == read.edition_number else None
    if status is None:
        return None  # another edition's badge, an unknown session, seats to count
    scanned_at = scan.scanned_at or now
    first = read.first_at if status is S.ALREADY_CHECKED_IN else None
    card = read.card if status in ADMITTED else None
    response = answer(status, key, scanned_at, card, first)
    recorded = _recorded(connection, read, scan, key, scanned_at, status, response, now)
    return response if recorded else None


@cache
def _read_statement(at_session: bool) -> sa.Select[Any]:
    """The one SELECT, built once per kind of door: a statement rebuilt per scan costs more
    than its round trip (construction, then its cache key); the code, nonce and door are
    bound per scan. Plain columns, not ORM objects: loading three entities cost more than
    the query itself."""
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
        .where(
            CheckIn.badge_id == Badge.id,
            CheckIn.checkpoint == sa.bindparam("checkpoint"),
            CheckIn.status == S.OK,
        )
        .scalar_subquery()
    )
    columns = [
        Badge.id, Badge.revoked_at, Registration.edition_id, Registration.status,
        Registration.given_name, Registration.family_name, Registration.category, City.name,
        City.country_code, current.c.id, current.c.number, replay, first_at,
    ]  # fmt: skip
    statement = (
        sa.select(*columns)
        .join(Badge.registration)
        .join(Registration.city)
        .join(current, sa.true())
        .where(Badge.code == sa.bindparam("code"))
    )
    if not at_session:
        return statement
    return _with_door(statement)


def _with_door(statement: sa.Select[Any]) -> sa.Select[Any]:
    """The session of the door, its room's seats and the holder's sign-up, joined on."""
    session_id = sa.bindparam("session_id", type_=sa.Integer)
    signed_up = (
        sa.select(SessionSignup.id)
        .where(
            SessionSignup.registration_id == Registration.id,
            SessionSignup.session_id == session_id,
        )
        .exists()
    )
    return (
        statement.add_columns(
            Session.edition_id, Session.source, Session.capacity, Room.seats, signed_up
        )
        .outerjoin(Session, Session.id == session_id)
        .outerjoin(Room, Room.id == Session.room_id)
    )


def _read(
    connection: sa.Connection, code: str, nonce: str, key: str, session_id: int | None
) -> Read | None:
    values = {"code": code, "nonce": nonce, "checkpoint": key, "session_id": session_id}
    statement = _read_statement(session_id is not None)
    row = connection.execute(statement, values).first()
    if row is None:
        return None
    badge_id, revoked_at, registration_edition, status, given, family, category = row[:7]
    city, country, edition_id, edition_number, replayed, first = row[7:13]
    door = Door(*row[13:18]) if session_id is not None else None
    return Read(
        badge_id=badge_id,
        revoked=revoked_at is not None,
        registration_edition_id=registration_edition,
        registration_status=status,
        card=card_of(full_name(given, family), city, country, category),
        edition_id=edition_id,
        edition_number=edition_number,
        replay=replayed,
        first_at=first,
        door=door,
    )


def _status(read: Read) -> ScanStatus | None:
    """The answer as ``services.check_in`` judges it, or None where only it can judge."""
    door = read.door
    if door is not None and (door.edition_id != read.edition_id or door.source is not FORUM):
        return None  # no forum session of this edition: the full path refuses the request
    if read.registration_edition_id != read.edition_id:
        return S.WRONG_EDITION
    if read.revoked:
        return S.REVOKED
    if read.registration_status is not RegistrationStatus.APPROVED:
        return S.NOT_APPROVED
    if read.first_at is not None:
        return S.ALREADY_CHECKED_IN
    if door is None:
        return S.OK
    if door.capacity is not None and not door.signed_up:
        return S.NOT_SIGNED_UP
    return S.OK if door.seats is None else None  # a room's seats are counted under its lock


def _recorded(
    connection: sa.Connection,
    read: Read,
    scan: Scan,
    key: str,
    scanned_at: datetime,
    status: ScanStatus,
    response: ScanResult,
    now: datetime,
) -> bool:
    """Insert the scan; False when the nonce or the admission was taken meanwhile."""
    values = {
        "edition_id": read.edition_id,
        "badge_id": read.badge_id,
        "checkpoint": key,
        "status": status,
        "nonce": scan.nonce,
        "scanned_at": scanned_at,
        "recorded_at": now,
        "device": scan.device[:120],
        "response": response.model_dump(mode="json"),
    }
    insert = _insert_statement(connection.dialect.name)
    return connection.execute(insert, values).first() is not None


@cache
def _insert_statement(dialect: str) -> sa.Insert:
    """The INSERT, built once per dialect, on the table (not the ORM's bulk path)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = cast(sa.Table, CheckIn.__table__)
    return insert(table).on_conflict_do_nothing().returning(table.c.id)


@contextmanager
def _connection() -> Iterator[sa.Connection]:
    """PostgreSQL: a connection in autocommit whose lock waits are bounded (the INSERT's
    foreign-key check waits for a badge another transaction holds, then the scan answers
    "busy"), so the two statements
    are the only round trips; the unique indexes on the nonce and on one admission per badge
    and door decide any race. SQLite: the request's own transaction, whose BEGIN IMMEDIATE
    already serialises writers, committed when the view returns."""
    if db.engine.dialect.name == "sqlite":
        yield db.session.connection()
        return
    if db.session().in_transaction():
        db.session.commit()  # the token's lookup: its connection goes back before ours is taken
    with hot_autocommit_engine().connect() as connection:
        yield connection
