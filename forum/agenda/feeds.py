"""Calendar feeds of an edition: which sessions, how they look to a calendar, and their ETag."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum.agenda.ical import FeedEvent, build_calendar
from forum.agenda.models import Session, SessionSignup, SessionSource, Theme
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration
from forum.urls import external_url

KIND_LABELS_FOR_CALENDARS = {"gfmd": "GFMD summit", "forum": "Mayoral Forum"}


@dataclass(frozen=True)
class FeedScope:
    """Which sessions a feed carries: the edition's, one theme's, or one delegate's picks."""

    edition: Edition
    include_gfmd: bool = False
    theme: Theme | None = None
    registration: Registration | None = None

    @property
    def name(self) -> str:
        base = f"Mayoral Forum {self.edition.label}"
        if self.registration is not None:
            return f"{base} – {self.registration.full_name}"
        if self.theme is not None:
            return f"{base} – {self.theme.title}"
        return f"{base} + GFMD summit" if self.include_gfmd else base


@dataclass(frozen=True)
class Fingerprint:
    """What changes whenever the feed's bytes would change: cheap to compute."""

    etag: str
    last_modified: datetime | None


def fingerprint(scope: FeedScope) -> Fingerprint:
    """The feed's ETag and Last-Modified, from one aggregate query."""
    sessions = _scope_query(scope).subquery()
    count, newest = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(sessions.c.updated_at))
    ).one()
    theme_newest = db.session.scalar(
        sa.select(sa.func.max(Theme.updated_at)).where(Theme.edition_id == scope.edition.id)
    )
    edition = scope.edition
    parts = [
        edition.id,
        edition.title,
        edition.city,
        edition.timezone,
        edition.year,
        scope.include_gfmd,
        scope.theme.id if scope.theme else "",
        scope.registration.calendar_secret if scope.registration else "",
        count,
        newest,
        theme_newest,
        _picks_signature(scope),
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    newest_any = max((t for t in (newest, theme_newest) if t is not None), default=None)
    return Fingerprint(etag=digest, last_modified=newest_any)


def _picks_signature(scope: FeedScope) -> str:
    if scope.registration is None:
        return ""
    rows = db.session.scalars(
        sa.select(SessionSignup.session_id)
        .where(SessionSignup.registration_id == scope.registration.id)
        .order_by(SessionSignup.session_id)
    ).all()
    return ",".join(map(str, rows))


def _scope_query(scope: FeedScope) -> sa.Select[Session]:
    query = sa.select(Session).where(
        Session.edition_id == scope.edition.id, Session.is_published.is_(True)
    )
    if scope.registration is not None:
        picked = sa.select(SessionSignup.session_id).where(
            SessionSignup.registration_id == scope.registration.id
        )
        return query.where(Session.id.in_(picked))
    if scope.theme is not None:
        query = query.where(Session.theme_id == scope.theme.id)
    if not scope.include_gfmd:
        query = query.where(Session.source == SessionSource.FORUM)
    return query


def feed_sessions(scope: FeedScope) -> list[Session]:
    """The sessions a feed carries in time order, theme and room loaded in the same query."""
    query = _scope_query(scope).options(joinedload(Session.theme), joinedload(Session.room))
    return list(db.session.scalars(query.order_by(Session.starts_at, Session.id)))


def session_uid(session: Session) -> str:
    """A UID that never changes for the life of the session."""
    if session.source is SessionSource.GFMD and session.external_uid:
        return session.external_uid
    return f"forum-{session.edition_id}-session-{session.id}@mayoral-forum"


def feed_event(session: Session, *, url: str | None) -> FeedEvent:
    """How one session appears in a calendar."""
    categories = [
        KIND_LABELS_FOR_CALENDARS[session.source.value],
        session.kind.value.replace("_", " ").capitalize(),
    ]
    if session.theme is not None:
        categories.insert(1, session.theme.title)
    return FeedEvent(
        uid=session_uid(session),
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        all_day=session.all_day,
        last_modified=session.updated_at,
        created=session.created_at,
        sequence=session.sequence,
        cancelled=session.is_cancelled,
        description=session.description,
        location=session.place,
        url=url,
        categories=tuple(categories),
    )


def render_feed(scope: FeedScope) -> bytes:
    """The feed's iCalendar bytes."""
    events = [
        feed_event(s, url=external_url("agenda.session_detail", session_id=s.id))
        for s in feed_sessions(scope)
    ]
    return build_calendar(
        events,
        name=scope.name,
        zone=scope.edition.timezone,
        around_year=scope.edition.year,
        description=scope.edition.title,
    )
