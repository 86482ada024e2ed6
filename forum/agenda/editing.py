"""Organisers editing the programme's sessions, kept sound by its rules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext

from forum.agenda.models import (
    Room,
    Session,
    SessionKind,
    SessionSource,
    SessionStatus,
    Theme,
)
from forum.agenda.notices import tell_signed_up, what_changed
from forum.agenda.queries import signup_count
from forum.agenda.services import apply_changes
from forum.audit.services import record
from forum.auth.models import User
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import DomainError
from forum.extensions import db
from forum.translated import check_translations
from forum.validation import Checks, Text, Whole

TITLE = Text(max_length=300)
DESCRIPTION = Text(max_length=5000, required=False, multiline=True)
PLACES = Whole(minimum=0, maximum=100_000)


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
    # Title and description in the edition's other languages, {lang: text}.
    title_i18n: dict[str, str] = field(default_factory=dict)
    description_i18n: dict[str, str] = field(default_factory=dict)

    def starts_at(self, edition: Edition) -> datetime:
        return datetime.combine(self.day, self.start, tzinfo=edition.zone)

    def ends_at(self, edition: Edition) -> datetime:
        return datetime.combine(self.day, self.end, tzinfo=edition.zone)


def check_session(
    edition: Edition, draft: SessionDraft, session: Session | None = None
) -> SessionDraft:
    """The draft with its texts cleaned; InvalidInput naming every broken rule (texts, times,
    dates, room, places, theme) otherwise. Every way in (form, CSV, CLI) goes through here."""
    checks = Checks()
    offered, default = edition.languages, edition.default_language
    draft = replace(
        draft,
        title=checks.text("title", draft.title, TITLE),
        description=checks.text("description", draft.description, DESCRIPTION),
        title_i18n=check_translations(
            checks, "title", draft.title_i18n, TITLE, offered=offered, default=default
        ),
        description_i18n=check_translations(
            checks,
            "description",
            draft.description_i18n,
            DESCRIPTION,
            offered=offered,
            default=default,
        ),
    )
    checks.whole("capacity", draft.capacity, PLACES)
    _check_times_and_places(edition, draft, session, checks.problems)
    checks.done()
    return draft


def _check_times_and_places(
    edition: Edition, draft: SessionDraft, session: Session | None, problems: dict[str, str]
) -> None:
    """The programme's rules: the day, the times, the room's calendar, places already taken."""
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
    if session is not None and draft.capacity is not None and "capacity" not in problems:
        taken = signup_count(session.id)
        if draft.capacity < taken:
            problems["capacity"] = ngettext(
                "%(num)d delegate already picked this session.",
                "%(num)d delegates already picked this session.",
                taken,
            )
    _check_belongs(edition, draft, problems)


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


def create_session(edition: Edition, draft: SessionDraft, *, actor: User | None) -> Session:
    """Add a forum session after checking every rule."""
    draft = check_session(edition, draft)
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
        "title_i18n": draft.title_i18n,
        "description_i18n": draft.description_i18n,
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
    session = lock_row(Session, session.id)
    draft = check_session(session.edition, draft, session)
    changed = apply_changes(session, **_values(session.edition, draft))
    if changed:
        record("session.updated", session, actor=actor, changed=sorted(changed))
        tell_signed_up(session, what_changed(changed))
    return changed


def set_session_status(session: Session, status: SessionStatus, *, actor: User) -> bool:
    """Cancel or reinstate a forum session (it is never deleted, and the delegates who picked
    it hear of it); False if nothing changed."""
    session = lock_row(Session, session.id)
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
    changed = apply_changes(session, status=status)
    if not changed:
        return False
    record(f"session.{status.value}", session, actor=actor)
    tell_signed_up(session, what_changed(changed))
    return True
