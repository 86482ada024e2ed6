"""Reading the programme: a fixed number of queries, whatever its size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum.agenda.models import Room, Session, SessionSignup, SessionSource, Theme
from forum.editions.models import Edition
from forum.extensions import db
from forum.timezones import local_day


@dataclass(frozen=True)
class ProgrammeFilter:
    """Which sessions to show; GFMD summit items only when asked for."""

    include_gfmd: bool = False
    only_gfmd: bool = False
    theme_id: int | None = None
    day: date | None = None
    published_only: bool = True


def programme(edition: Edition, filters: ProgrammeFilter = ProgrammeFilter()) -> list[Session]:
    """The edition's sessions in time order, theme and room loaded in the same query."""
    query = (
        sa.select(Session)
        .where(Session.edition_id == edition.id)
        .options(joinedload(Session.theme), joinedload(Session.room))
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    )
    if filters.only_gfmd:
        query = query.where(Session.source == SessionSource.GFMD)
    elif not filters.include_gfmd:
        query = query.where(Session.source == SessionSource.FORUM)
    if filters.theme_id is not None:
        query = query.where(Session.theme_id == filters.theme_id)
    if filters.published_only:
        query = query.where(Session.is_published.is_(True))
    sessions = list(db.session.scalars(query))
    if filters.day is not None:
        zone = edition.zone
        sessions = [s for s in sessions if _local_days(s, zone, filters.day)]
    return sessions


def _local_days(session: Session, zone: ZoneInfo, day: date) -> bool:
    start = local_day(session.starts_at, zone)
    end = local_day(session.ends_at, zone)
    return start <= day <= end


def themes(edition: Edition, *, published_only: bool = True) -> list[Theme]:
    """The edition's themes in their order."""
    query = (
        sa.select(Theme).where(Theme.edition_id == edition.id).order_by(Theme.position, Theme.id)
    )
    if published_only:
        query = query.where(Theme.is_published.is_(True))
    return list(db.session.scalars(query))


def theme_by_slug(edition: Edition, slug: str) -> Theme | None:
    """A published theme of the edition by its slug."""
    return db.session.scalar(
        sa.select(Theme).where(
            Theme.edition_id == edition.id, Theme.slug == slug, Theme.is_published.is_(True)
        )
    )


def rooms(edition: Edition) -> list[Room]:
    """The edition's rooms by name."""
    return list(
        db.session.scalars(sa.select(Room).where(Room.edition_id == edition.id).order_by(Room.name))
    )


def signup_counts(session_ids: Sequence[int]) -> dict[int, int]:
    """How many delegates picked each session, in one query (always one, for steady pages)."""
    rows = db.session.execute(
        sa.select(SessionSignup.session_id, sa.func.count())
        .where(SessionSignup.session_id.in_(list(session_ids)))
        .group_by(SessionSignup.session_id)
    ).all()
    return {session_id: count for session_id, count in rows}  # noqa: C416 (Row objects)


def by_local_day(sessions: Sequence[Session], edition: Edition) -> dict[date, list[Session]]:
    """Sessions grouped by the day they start on, in the edition's time zone."""
    days: dict[date, list[Session]] = {}
    for session in sessions:
        days.setdefault(local_day(session.starts_at, edition.zone), []).append(session)
    return days


def now_and_next(sessions: Sequence[Session], now: datetime) -> tuple[list[Session], list[Session]]:
    """What is on now, and what starts next (all items starting at that next time)."""
    scheduled = [s for s in sessions if not s.is_cancelled]
    running = [s for s in scheduled if s.starts_at <= now < s.ends_at and not s.all_day]
    upcoming = [s for s in scheduled if s.starts_at > now]
    if not upcoming:
        return running, []
    first = min(s.starts_at for s in upcoming)
    return running, [s for s in upcoming if s.starts_at == first]
