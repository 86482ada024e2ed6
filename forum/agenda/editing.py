"""Organisers editing the programme: themes, rooms and sessions, kept sound by its rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.agenda.models import (
    Room,
    Session,
    SessionKind,
    SessionSignup,
    SessionSource,
    SessionStatus,
    Theme,
)
from forum.agenda.services import apply_changes, mark_moved
from forum.audit.services import record
from forum.auth.models import User
from forum.cities.services import match_key
from forum.editions.models import Edition
from forum.errors import DomainError
from forum.extensions import db


class InvalidSession(DomainError):
    """A session that breaks a rule of the programme; ``problems`` maps fields to messages."""

    status = 400

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("invalid_session", " ".join(problems.values()))
        self.problems = problems


@dataclass
class SessionDraft:
    """What an organiser types for a session; times are local to the edition."""

    title: str
    kind: SessionKind
    day: date
    start: time
    end: time
    theme_id: int | None = None
    room_id: int | None = None
    capacity: int | None = None
    description: str = ""
    is_published: bool = True

    def starts_at(self, edition: Edition) -> datetime:
        return datetime.combine(self.day, self.start, tzinfo=edition.zone)

    def ends_at(self, edition: Edition) -> datetime:
        return datetime.combine(self.day, self.end, tzinfo=edition.zone)


def check_session(edition: Edition, draft: SessionDraft, session: Session | None = None) -> None:
    """Raise InvalidSession with every broken rule: times, dates, room, capacity, theme."""
    problems: dict[str, str] = {}
    starts, ends = draft.starts_at(edition), draft.ends_at(edition)
    if ends <= starts:
        problems["end"] = _("The session must end after it starts.")
    if not edition.starts_on <= draft.day <= edition.ends_on:
        problems["day"] = _(
            "The forum runs from %(first)s to %(last)s.",
            first=edition.starts_on.isoformat(),
            last=edition.ends_on.isoformat(),
        )
    if draft.room_id is not None and "end" not in problems:
        clash = _room_clash(edition, draft.room_id, starts, ends, session)
        if clash is not None:
            problems["room_id"] = _(
                "This room already holds “%(title)s” at that time.", title=clash.title
            )
    if session is not None and draft.capacity is not None:
        taken = _signups(session)
        if draft.capacity < taken:
            problems["capacity"] = ngettext(
                "%(num)d delegate already picked this session.",
                "%(num)d delegates already picked this session.",
                taken,
            )
    _check_belongs(edition, draft, problems)
    if problems:
        raise InvalidSession(problems)


def _check_belongs(edition: Edition, draft: SessionDraft, problems: dict[str, str]) -> None:
    if draft.theme_id is not None:
        theme = db.session.get(Theme, draft.theme_id)
        if theme is None or theme.edition_id != edition.id:
            problems["theme_id"] = _("Choose one of this edition's themes.")
    if draft.room_id is not None:
        room = db.session.get(Room, draft.room_id)
        if room is None or room.edition_id != edition.id:
            problems["room_id"] = _("Choose one of this edition's rooms.")


def _room_clash(
    edition: Edition, room_id: int, starts: datetime, ends: datetime, session: Session | None
) -> Session | None:
    query = sa.select(Session).where(
        Session.edition_id == edition.id,
        Session.room_id == room_id,
        Session.status == SessionStatus.SCHEDULED,
        Session.starts_at < ends,
        Session.ends_at > starts,
    )
    if session is not None:
        query = query.where(Session.id != session.id)
    return db.session.scalars(query.limit(1)).first()


def _signups(session: Session) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(SessionSignup)
            .where(SessionSignup.session_id == session.id)
        )
        or 0
    )


def create_session(edition: Edition, draft: SessionDraft, *, actor: User) -> Session:
    """Add a forum session after checking every rule."""
    check_session(edition, draft)
    session = Session(
        edition_id=edition.id, source=SessionSource.FORUM, status=SessionStatus.SCHEDULED
    )
    _fill(session, edition, draft)
    db.session.add(session)
    db.session.flush()
    record("session.created", session, actor=actor, title=session.title)
    return session


def _fill(session: Session, edition: Edition, draft: SessionDraft) -> None:
    for name, value in _values(edition, draft).items():
        setattr(session, name, value)


def _values(edition: Edition, draft: SessionDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "kind": draft.kind,
        "theme_id": draft.theme_id,
        "room_id": draft.room_id,
        "capacity": draft.capacity,
        "description": draft.description,
        "is_published": draft.is_published,
        "starts_at": draft.starts_at(edition),
        "ends_at": draft.ends_at(edition),
    }


def save_session(
    edition: Edition, session: Session | None, draft: SessionDraft, *, actor: User
) -> Session:
    """Create a forum session, or change an existing one."""
    if session is None:
        return create_session(edition, draft, actor=actor)
    update_session(session, draft, actor=actor)
    return session


def update_session(
    session: Session, draft: SessionDraft, *, actor: User
) -> dict[str, list[object]]:
    """Change a forum session; calendar clients see the change through its SEQUENCE."""
    if session.source is not SessionSource.FORUM:
        raise DomainError("not_editable", _("Summit items change only through the summit sync."))
    check_session(session.edition, draft, session)
    changed = apply_changes(session, **_values(session.edition, draft))
    if changed:
        record("session.updated", session, actor=actor, changed=sorted(changed))
    return changed


def set_session_status(session: Session, status: SessionStatus, *, actor: User) -> bool:
    """Cancel or reinstate a forum session (it is never deleted); False if nothing changed."""
    if session.source is not SessionSource.FORUM:
        raise DomainError("not_editable", _("Summit items change only through the summit sync."))
    if status is SessionStatus.SCHEDULED and session.room_id is not None:
        clash = _room_clash(
            session.edition, session.room_id, session.starts_at, session.ends_at, session
        )
        if clash is not None:
            raise DomainError(
                "room_taken", _("The room now holds “%(title)s” at that time.", title=clash.title)
            )
    if not apply_changes(session, status=status):
        return False
    record(f"session.{status.value}", session, actor=actor)
    return True


def slugify(title: str) -> str:
    """A URL slug from a title: ASCII, lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", match_key(title)).strip("-")[:80] or "theme"


def save_theme(edition: Edition, theme: Theme | None, *, actor: User, **values: object) -> Theme:
    """Create or change a theme; a new one goes to the end of the list."""
    slug = str(values.get("slug") or slugify(str(values["title"])))
    taken = db.session.scalar(
        sa.select(Theme.id).where(
            Theme.edition_id == edition.id,
            Theme.slug == slug,
            Theme.id != (theme.id if theme else -1),
        )
    )
    if taken is not None:
        raise DomainError(
            "slug_taken", _("Another theme already uses the address “%(slug)s”.", slug=slug)
        )
    if theme is None:
        last = db.session.scalar(
            sa.select(sa.func.max(Theme.position)).where(Theme.edition_id == edition.id)
        )
        theme = Theme(edition_id=edition.id, position=(last or 0) + 1)
        db.session.add(theme)
    for name, value in {**values, "slug": slug}.items():
        setattr(theme, name, value)
    db.session.flush()
    record("theme.saved", theme, actor=actor, title=theme.title)
    return theme


def move_theme(theme: Theme, offset: int) -> None:
    """Swap a theme with its neighbour above (-1) or below (+1)."""
    ordered = list(
        db.session.scalars(
            sa.select(Theme)
            .where(Theme.edition_id == theme.edition_id)
            .order_by(Theme.position, Theme.id)
        )
    )
    index = ordered.index(theme)
    target = index + offset
    if 0 <= target < len(ordered):
        ordered[index], ordered[target] = ordered[target], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position


def save_room(edition: Edition, room: Room | None, *, name: str, seats: int | None) -> Room:
    """Create or rename a room; names are unique within an edition."""
    taken = db.session.scalar(
        sa.select(Room.id).where(
            Room.edition_id == edition.id, Room.name == name, Room.id != (room.id if room else -1)
        )
    )
    if taken is not None:
        raise DomainError("room_exists", _("A room with this name exists already."))
    if room is not None and room.name != name:
        # The sessions' LOCATION changes with the name: calendars must hear of it.
        for session in db.session.scalars(sa.select(Session).where(Session.room_id == room.id)):
            mark_moved(session)
    room = room or Room(edition_id=edition.id)
    room.name, room.seats = name, seats
    db.session.add(room)
    db.session.flush()
    return room
