"""Reading the programme: a fixed number of queries, whatever its size."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, subqueryload
from sqlalchemy.orm.interfaces import LoaderOption

from forum.agenda.models import (
    Room,
    Session,
    SessionPerson,
    SessionSignup,
    SessionSource,
    SessionStatus,
    Theme,
)
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration
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
    return list(db.session.scalars(programme_query(edition, filters)))


def programme_page(
    edition: Edition, filters: ProgrammeFilter, *, page: int, per_page: int
) -> tuple[list[Session], int]:
    """One page of the programme, and how many sessions it has in all (two queries)."""
    query = programme_query(edition, filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def programme_query(edition: Edition, filters: ProgrammeFilter) -> sa.Select[Session]:
    """The programme's sessions in time order, with theme, room and people loaded."""
    return (
        listed_sessions(edition, filters)
        .options(joinedload(Session.theme), joinedload(Session.room), with_people())
        .order_by(Session.starts_at, Session.ends_at, Session.id)
    )


def listed_sessions(edition: Edition, filters: ProgrammeFilter) -> sa.Select[Session]:
    """The sessions ``filters`` choose, in no order and with nothing loaded."""
    query = sa.select(Session).where(Session.edition_id == edition.id)
    if filters.only_gfmd:
        query = query.where(Session.source == SessionSource.GFMD)
    elif not filters.include_gfmd:
        query = query.where(Session.source == SessionSource.FORUM)
    if filters.theme_id is not None:
        query = query.where(Session.theme_id == filters.theme_id)
    if filters.published_only:
        query = query.where(Session.is_published.is_(True))
    if filters.day is not None:
        # On a local day: starts before its end and ends at or after its first moment.
        first = datetime.combine(filters.day, time.min, tzinfo=edition.zone)
        query = query.where(Session.starts_at < first + timedelta(days=1), Session.ends_at >= first)
    return query


def with_people() -> LoaderOption:
    """Each session's people, their registrations and cities: one more query for any number
    of sessions and people, joined to the sessions' own query (an IN list of every session's
    id, as selectinload sends, is hundreds of parameters to send and plan each time)."""
    return (
        subqueryload(Session.people)
        .joinedload(SessionPerson.registration)
        .joinedload(Registration.city)
    )


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


def signup_count(session_id: int) -> int:
    """How many delegates picked one session."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(SessionSignup)
            .where(SessionSignup.session_id == session_id)
        )
        or 0
    )


def signup_counts(session_ids: Sequence[int] | sa.Select[tuple[int]]) -> dict[int, int]:
    """How many delegates picked each session (ids, or a query of them), in one query."""
    chosen = session_ids if isinstance(session_ids, sa.Select) else list(session_ids)
    rows = db.session.execute(
        sa.select(SessionSignup.session_id, sa.func.count())
        .where(SessionSignup.session_id.in_(chosen))
        .group_by(SessionSignup.session_id)
    ).all()
    return {session_id: count for session_id, count in rows}  # noqa: C416 (Row objects)


def by_local_day(sessions: Sequence[Session], edition: Edition) -> dict[date, list[Session]]:
    """Sessions grouped by the day they start on, in the edition's time zone."""
    days: dict[date, list[Session]] = {}
    for session in sessions:
        days.setdefault(local_day(session.starts_at, edition.zone), []).append(session)
    return days


def now_and_next_in(
    edition: Edition, filters: ProgrammeFilter, now: datetime
) -> tuple[list[Session], list[Session]]:
    """What is on now, and what starts next, read from the database (two small queries):
    a page that keeps its list of days rendered needs no other session."""
    on = Session.status != SessionStatus.CANCELLED
    running = programme_query(edition, filters).where(
        on, Session.starts_at <= now, Session.ends_at > now, Session.all_day.is_(False)
    )
    later = listed_sessions(edition, filters).where(on, Session.starts_at > now)
    first = later.with_only_columns(sa.func.min(Session.starts_at)).scalar_subquery()
    upcoming = programme_query(edition, filters).where(on, Session.starts_at == first)
    return list(db.session.scalars(running)), list(db.session.scalars(upcoming))
