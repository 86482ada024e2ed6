"""The doors' common case in one statement: a scan of a badge we know.

One ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING`` reads the badge, its holder and
city, the current edition, an earlier admission at this door and, at a session's door, the
session, its room's seats and the holder's sign-up; judges the scan in SQL (``verdict``);
records it with its answer; and returns that answer. On PostgreSQL it runs in autocommit, so
it is the scan's only round trip; the first answer and every replay of it are built from
the same stored row (``services.replayed``: its status, door, times and card as recorded,
in the words of the release that answers).

No row is locked: a scan changes no row, it adds one, and the unique indexes on the nonce
and on one admission per badge and door decide every race inside the database. When the
statement records nothing, a second one looks for the nonce: a replay gets the answer kept
for it. Otherwise this module returns None (an admission another scanner took meanwhile, an
unknown code or session, a QR code naming another edition, a room whose seats must be
counted)
and the caller answers through ``services.check_in``, which locks what it counts and judges
the same way step by step."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import aliased

from forum.agenda.models import Room, Session, SessionSignup, SessionSource
from forum.badges.models import Badge
from forum.badges.services import parse_qr_text
from forum.checkin.models import ENTRANCE, CheckIn, ScanStatus
from forum.checkin.schemas import ScanResult, checkpoint_text
from forum.checkin.services import ADMITTED, MAX_CODE_LENGTH, Scan, replayed, scan_time
from forum.cities.models import City
from forum.db import UTCDateTime, hot_autocommit_engine, open_transaction
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus

S = ScanStatus
COLUMNS = (
    *("edition_id", "badge_id", "checkpoint", "status", "nonce"),
    *("scanned_at", "recorded_at", "device", "response"),
)
_CHECKPOINT = sa.bindparam("checkpoint", type_=sa.String)
# What a scan binds (see fast_check_in); on PostgreSQL the statement binds nothing else.
PER_SCAN = frozenset(
    {"code", "edition_number", "checkpoint", "session_id", "nonce", "scanned_at"}
    | {"scanned_text", "recorded_at", "device"}
)
_REPLAY = sa.select(CheckIn.response).where(CheckIn.nonce == sa.bindparam("nonce"))
# A case of the verdict: when it holds, the status (None: the full path judges).
Case = tuple[Any, ScanStatus | None]


def fast_check_in(scan: Scan, *, now: datetime) -> ScanResult | None:
    """Answer and record a scan in one statement, or None for the full path."""
    if len(scan.text) > MAX_CODE_LENGTH:
        return None
    content = parse_qr_text(scan.text)
    if content is None:
        return None
    try:
        door = checkpoint_text(scan.checkpoint)
    except ValueError:
        return None  # the full path refuses it
    scanned_at = scan_time(scan.scanned_at, now)  # refused before a replay
    session_id = None if door == ENTRANCE else int(door)
    values = {
        "code": content.code,
        "edition_number": content.edition_number,
        "checkpoint": ENTRANCE if session_id is None else f"session:{session_id}",
        "session_id": session_id,
        "nonce": scan.nonce,
        "scanned_at": scanned_at,
        "scanned_text": scanned_at.isoformat(),
        "recorded_at": now,
        "device": scan.device[:120],
    }
    with _connection() as connection:
        stored = _recorded(connection, session_id is not None, values)
        if stored is None:  # rare: nothing recorded; if the nonce was, this is a replay
            stored = connection.execute(_REPLAY, {"nonce": scan.nonce}).scalar()
    return replayed(stored) if stored is not None else None


def _recorded(connection: sa.Connection, at_session: bool, values: dict[str, Any]) -> Any:
    """The answer the statement stored, or None when it recorded nothing."""
    if connection.dialect.name != "postgresql":
        statement = _scan_statement(connection.dialect.name, at_session)
        return connection.execute(statement, values).scalar()
    return connection.exec_driver_sql(_driver_sql(connection.dialect, at_session), values).scalar()


@cache
def _driver_sql(dialect: Dialect, at_session: bool) -> str:
    """PostgreSQL's statement as its driver takes it, compiled once: running the compiled
    text costs half the CPU that running the statement does (no compiled-cache lookup, no
    bind processing), so every parameter is one of the scan's, as the driver takes it
    (strings, numbers, aware datetimes); the statement's own words are written into it."""
    compiled = _scan_statement(dialect.name, at_session).compile(dialect=dialect)
    unknown = set(compiled.params) - PER_SCAN
    if unknown:
        raise RuntimeError(f"the scan's statement binds more than the scan: {sorted(unknown)}")
    return compiled.string


@cache
def _scan_statement(dialect: str, at_session: bool) -> sa.Insert:
    """The one statement, built once per dialect and kind of door: a statement rebuilt per
    scan costs more than its round trip (construction, then its cache key); the code, nonce,
    door and times are bound per scan."""
    read, edition_id, first_at = _read(at_session)
    verdict = _verdict(edition_id, first_at, _door_cases(edition_id) if at_session else [])
    rows = read.with_only_columns(
        edition_id,
        Badge.id,
        _CHECKPOINT,
        verdict,
        sa.bindparam("nonce", type_=sa.String),
        sa.bindparam("scanned_at", type_=UTCDateTime()),
        sa.bindparam("recorded_at", type_=UTCDateTime()),
        sa.bindparam("device", type_=sa.String),
        _stored_answer(dialect, verdict, first_at),
    ).where(verdict.is_not(None))
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = cast(sa.Table, CheckIn.__table__)
    recorded = insert(table).from_select(COLUMNS, rows).on_conflict_do_nothing()
    return recorded.returning(table.c.response)


def _read(at_session: bool) -> tuple[sa.Select[Any], Any, Any]:
    """What the verdict reads, joined: the badge by its code, its holder and city, the
    current edition (if the QR code names it), an earlier admission at this door and, at a
    session's door, what ``_with_door`` adds; with the edition's id and that admission's time."""
    first = aliased(CheckIn, name="admission")
    current = (
        sa.select(Edition.id, Edition.number)
        .order_by(Edition.is_current.desc(), Edition.number.desc())
        .limit(sa.literal_column("1"))
        .subquery("current_edition")
    )
    admission = sa.and_(
        first.badge_id == Badge.id, first.checkpoint == _CHECKPOINT, first.status == _word(S.OK)
    )
    read = (
        sa.select(Badge.id)
        .join(Badge.registration)
        .join(Registration.city)
        .join(current, current.c.number == sa.bindparam("edition_number"))
        .outerjoin(first, admission)
        .where(Badge.code == sa.bindparam("code"))
    )
    return (_with_door(read) if at_session else read), current.c.id, first.scanned_at


def _with_door(read: sa.Select[Any]) -> sa.Select[Any]:
    """The session of the door, its room's seats and the holder's sign-up, joined on."""
    session_id = sa.bindparam("session_id", type_=sa.Integer)
    return (
        read.outerjoin(Session, Session.id == session_id)
        .outerjoin(Room, Room.id == Session.room_id)
        .outerjoin(
            SessionSignup,
            sa.and_(
                SessionSignup.registration_id == Registration.id,
                SessionSignup.session_id == session_id,
            ),
        )
    )


def _door_cases(edition_id: Any) -> list[Case]:
    """The verdict's cases at a session's door: the door itself first, the rest after the
    badge's own."""
    no_such_door = sa.or_(
        Session.id.is_(None),
        Session.edition_id != edition_id,
        Session.source != _inline(SessionSource.FORUM.value),
    )
    return [
        (no_such_door, None),  # the full path refuses the request
        (Session.capacity.is_not(None) & SessionSignup.id.is_(None), S.NOT_SIGNED_UP),
        (Room.seats.is_not(None), None),  # a room's seats are counted under its lock
    ]


def _verdict(edition_id: Any, first_at: Any, door: list[Case]) -> Any:
    """The status as ``services.check_in`` judges it, in SQL; NULL where only it can judge."""
    cases = [
        *door[:1],  # the door itself
        (Registration.edition_id != edition_id, S.WRONG_EDITION),
        (Badge.revoked_at.is_not(None), S.REVOKED),
        (Registration.status != _inline(RegistrationStatus.APPROVED.value), S.NOT_APPROVED),
        (first_at.is_not(None), S.ALREADY_CHECKED_IN),
        *door[1:],
    ]
    return sa.case(*[(when, _word(status)) for when, status in cases], else_=_word(S.OK))


def _word(status: ScanStatus | None) -> Any:
    """A status as SQL writes it (NULL: the full path judges)."""
    return sa.null() if status is None else _inline(status.value)


def _inline(word: str) -> Any:
    """One of our own words (a status, a key of the answer) written into the statement
    itself rather than bound on every scan."""
    if not word.replace("_", "").isalpha():
        raise ValueError(f"not a word to write into SQL: {word!r}")
    return sa.literal_column(f"'{word}'", sa.String)


def _stored_answer(dialect: str, verdict: Any, first_at: Any) -> Any:
    """The answer as the row keeps it, built in SQL: what ``services.replayed`` completes
    (the message follows from the status, the country's name from its code)."""
    json_object = sa.func.json_build_object if dialect == "postgresql" else sa.func.json_object
    text = sa.String()
    admitted = verdict.in_([_word(status) for status in ADMITTED])
    # As registration.models.full_name writes it.
    name = sa.cast(
        Registration.given_name + sa.literal_column("' '") + Registration.family_name, text
    )
    delegate = {
        "name": name,
        "city": City.name,
        "country": City.country_code,
        "category": sa.cast(Registration.category, text),
    }
    # PostgreSQL writes a timestamp with its offset (UTC on the doors' connections); SQLite
    # keeps it in UTC without one.
    first = first_at if dialect == "postgresql" else sa.cast(first_at, text) + "+00:00"
    repeated = verdict == _word(S.ALREADY_CHECKED_IN)
    answer = {
        "status": verdict,
        "checkpoint": _CHECKPOINT,
        "scanned_at": sa.cast(sa.bindparam("scanned_text"), text),
        "delegate": sa.case((admitted, json_object(*_pairs(delegate)))),
        "first_checked_in_at": sa.case((repeated, first)),  # only when it is repeated
    }
    return json_object(*_pairs(answer))


def _pairs(members: dict[str, Any]) -> list[Any]:
    """A JSON object's members as its SQL function takes them: key, value, key, value…"""
    return [part for key, value in members.items() for part in (_inline(key), value)]


@contextmanager
def _connection() -> Iterator[sa.Connection]:
    """PostgreSQL: a connection in autocommit whose lock waits are bounded (the INSERT's
    foreign-key check waits for a badge another transaction holds, then the scan answers
    "busy"), so the statement is the only round trip; the unique indexes on the nonce and
    on one admission per badge and door decide any race. SQLite: the request's own
    transaction, whose BEGIN IMMEDIATE already serialises writers, committed when the view
    returns."""
    if db.engine.dialect.name == "sqlite":
        yield db.session.connection()
        return
    if open_transaction():
        db.session.commit()  # the token's lookup: its connection goes back before ours is taken
    with hot_autocommit_engine().connect() as connection:
        yield connection
