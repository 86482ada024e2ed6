"""Calendar feeds of an edition: which sessions, how they look to a calendar, and their ETag."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from sqlalchemy.orm import joinedload

from forum.agenda.ical import FeedEvent, Invitation, Person, build_calendar
from forum.agenda.lineup import people_lines
from forum.agenda.models import Session, SessionPerson, SessionSignup, SessionSource, Theme
from forum.agenda.queries import with_people
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.services import Attachment
from forum.registration.models import Registration
from forum.translated import localized, text_in
from forum.urls import external_url

KIND_LABELS_FOR_CALENDARS = {"gfmd": "GFMD summit", "forum": "Mayoral Forum"}
# The MIME type of an invitation: its method= lets mail clients offer "add to calendar".
INVITATION_CONTENT_TYPE = 'text/calendar; method=REQUEST; charset="UTF-8"'


@dataclass(frozen=True)
class FeedScope:
    """Which sessions a feed carries: the edition's, one theme's, or one delegate's picks."""

    edition: Edition
    include_gfmd: bool = False
    theme: Theme | None = None
    registration: Registration | None = None
    # The content's language (``?lang=fr``); None: the edition's default, no LANGUAGE said.
    language: str | None = None

    @property
    def name(self) -> str:
        base = f"Mayoral Forum {self.edition.label}"
        if self.registration is not None:
            return f"{base} – {self.registration.full_name}"
        if self.theme is not None:
            return f"{base} – {text_in(self.theme, 'title', self.language)}"
        return f"{base} + GFMD summit" if self.include_gfmd else base


@dataclass(frozen=True)
class Fingerprint:
    """What changes whenever the feed's bytes would change: cheap to compute."""

    etag: str
    last_modified: datetime | None


def fingerprint(scope: FeedScope) -> Fingerprint:
    """The feed's ETag and Last-Modified, from one aggregate query."""
    sessions = _scope_query(scope).subquery()
    count, newest, speakers_newest = db.session.execute(
        sa.select(sa.func.count(), sa.func.max(sessions.c.updated_at), _speakers_newest(scope))
    ).one()
    theme_newest = db.session.scalar(
        sa.select(sa.func.max(Theme.updated_at)).where(Theme.edition_id == scope.edition.id)
    )
    edition = scope.edition
    parts = [
        edition.id,
        edition.title,
        sorted((edition.title_i18n or {}).items()),  # a feed's description, per language
        edition.city,
        edition.timezone,
        edition.year,
        scope.include_gfmd,
        scope.theme.id if scope.theme else "",
        scope.registration.calendar_secret if scope.registration else "",
        scope.language,
        count,
        newest,
        theme_newest,
        _picks_signature(scope),
        speakers_newest,  # a registered speaker's new name reaches the DESCRIPTION
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    newest_any = max((t for t in (newest, theme_newest) if t is not None), default=None)
    return Fingerprint(etag=digest, last_modified=newest_any)


def _speakers_newest(scope: FeedScope) -> sa.ScalarSelect[datetime]:
    """When a registration on one of the feed's panels last changed (in the same query)."""
    ids = _scope_query(scope).with_only_columns(Session.id)
    return (
        sa.select(sa.func.max(Registration.updated_at))
        .join(SessionPerson, SessionPerson.registration_id == Registration.id)
        .where(SessionPerson.session_id.in_(ids))
        .scalar_subquery()
    )


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
    query = _scope_query(scope).options(
        joinedload(Session.theme), joinedload(Session.room), with_people()
    )
    return list(db.session.scalars(query.order_by(Session.starts_at, Session.id)))


def session_uid(session: Session) -> str:
    """A UID that never changes for the life of the session, always in our own namespace.

    A summit item gets one of its own (from the summit's UID), so a calendar subscribed to
    both the summit's feed and ours holds two events that never overwrite each other.
    """
    if session.source is SessionSource.GFMD and session.external_uid:
        digest = hashlib.sha256(session.external_uid.encode()).hexdigest()[:20]
        return f"gfmd-{digest}-{session.edition_id}@mayoral-forum"
    return f"forum-{session.edition_id}-session-{session.id}@mayoral-forum"


def feed_event(
    session: Session, *, url: str | None, language: str | None = None, default: str | None = None
) -> FeedEvent:
    """How one session appears in a calendar, its texts in ``language`` where translated
    (each text's LANGUAGE says which it is in, when a language was asked for)."""
    categories = [
        KIND_LABELS_FOR_CALENDARS[session.source.value],
        session.kind.value.replace("_", " ").capitalize(),
    ]
    if session.theme is not None:
        categories.insert(1, text_in(session.theme, "title", language))
    default = default or session.edition.default_language
    title = localized(session, "title", language, default=default)
    description = localized(session, "description", language, default=default)
    place = session.place_in(language, default)
    said = (lambda text: text.language) if language else (lambda text: "")
    return FeedEvent(
        uid=session_uid(session),
        title=title.text,
        title_language=said(title),
        description_language=said(description) if description.text else (language or ""),
        location_language=said(place),
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        all_day=session.all_day,
        last_modified=session.updated_at,
        created=session.created_at,
        sequence=session.sequence,
        cancelled=session.is_cancelled,
        description=_description(session, description.text),
        location=place.text,
        url=url,
        categories=tuple(categories),
        summit_uid=_summit_uid(session),
    )


def _description(session: Session, own: str) -> str:
    """Who is on the panel, a line per role, then the session's own description."""
    lines = people_lines(session.people, calendar=True)
    return "\n\n".join(part for part in ("\n".join(lines), own) if part)


def _summit_uid(session: Session) -> str:
    """The UID the summit's own feed gives the item ("" for the forum's sessions)."""
    if session.source is SessionSource.GFMD:
        return session.external_uid or ""
    return ""


def _feed_events(scope: FeedScope) -> list[FeedEvent]:
    url, default = _session_url_builder(), scope.edition.default_language
    return [
        feed_event(s, url=url(s.id), language=scope.language, default=default)
        for s in feed_sessions(scope)
    ]


def _session_url_builder() -> Callable[[int], str]:
    """Absolute session links from one url_for: a feed needs hundreds, an e-mail too (where
    each external_url would set up a request context of its own)."""
    placeholder = 987654321
    pattern = external_url("agenda.session_detail", session_id=placeholder)
    head, _, tail = pattern.partition(str(placeholder))
    return lambda session_id: f"{head}{session_id}{tail}"


def render_feed(scope: FeedScope) -> bytes:
    """The feed's iCalendar bytes, its words (panel roles) in the content's language."""
    with force_locale(scope.language) if scope.language else nullcontext():
        return build_calendar(
            _feed_events(scope),
            name=scope.name,
            zone=scope.edition.timezone,
            around_year=scope.edition.year,
            description=text_in(scope.edition, "title", scope.language),
        )


def programme_invitation(registration: Registration) -> Attachment:
    """The forum's programme as an invitation to the delegate (METHOD:REQUEST), for e-mails."""
    edition = registration.edition
    invitation = Invitation(
        organizer=_organizer(), attendee=Person(registration.full_name, registration.user.email)
    )
    language = registration.user.preferred_locale
    scope = FeedScope(edition, language=language if language != edition.default_language else None)
    body = build_calendar(
        [event for event in _feed_events(scope) if not event.cancelled],
        name=scope.name,
        zone=edition.timezone,
        around_year=edition.year,
        description=text_in(edition, "title", scope.language),
        invitation=invitation,
    )
    return Attachment(f"mayoral-forum-{edition.year}.ics", INVITATION_CONTENT_TYPE, body)


def _organizer() -> Person:
    """Who invites: the sender of the forum's e-mails (MAIL_DEFAULT_SENDER)."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    name, address = sender if isinstance(sender, tuple) else parseaddr(sender)
    return Person(name or "Mayoral Forum", address)
