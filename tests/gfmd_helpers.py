"""Shared pieces of the GFMD summit sync tests: fixture files, times and rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from forum.agenda.models import Session, SessionKind, SessionSource
from forum.editions.models import Edition
from forum.extensions import db

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gfmd"
# Real feeds from node-ical, copied from shared/fixtures/ics (see SOURCES.md there).
REAL_FEEDS = Path(__file__).resolve().parent / "fixtures" / "real-feeds"
NOW = datetime(2018, 11, 30, 12, tzinfo=UTC)
LATER = datetime(2018, 12, 1, 12, tzinfo=UTC)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2018, 12, day, hour, minute, tzinfo=UTC)


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def summit_sessions() -> list[Session]:
    """The GFMD sessions of the database, by UID."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.source == SessionSource.GFMD)
            .order_by(Session.external_uid)
        )
    )


def forum_session(edition: Edition, title: str, starts_at: datetime, ends_at: datetime) -> Session:
    """One of the forum's own sessions."""
    session = Session(
        edition_id=edition.id,
        kind=SessionKind.PLENARY,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        source=SessionSource.FORUM,
    )
    db.session.add(session)
    db.session.flush()
    return session


def summit_item(
    edition: Edition, title: str, kind: SessionKind, starts: datetime, ends: datetime
) -> Session:
    """A summit item as a sync would have stored it."""
    session = Session(
        edition_id=edition.id,
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=ends,
        source=SessionSource.GFMD,
        external_uid=f"{title}@gfmd.test",
    )
    db.session.add(session)
    db.session.flush()
    return session


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
