"""Changing an edition's settings (moving its sessions with its dates and zone) and choosing
the current edition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.agenda.models import Session, SessionSource
from forum.audit.services import record
from forum.auth.models import User
from forum.db import lock_row
from forum.editions.models import Edition
from forum.editions.services import make_current
from forum.editions.settings import EditionSettings, check_settings, moved
from forum.endorsements.models import Declaration, WindowOverride
from forum.endorsements.services import declaration_of
from forum.errors import InvalidInput
from forum.extensions import db

# What an edition's history names, in the order the settings page shows them.
AUDITED = (
    "number", "title", "subtitle", "city", "country_code", "venue", "timezone", "starts_on",
    "ends_on", "capacity", "registration_opens_at", "registration_closes_at", "edit_deadline",
    "gfmd_agenda_source", "waitlist_offer_hours", "contact_email", "title_i18n",
    "subtitle_i18n", "default_language", "languages", "badge_prefix",
)  # fmt: skip


@dataclass(frozen=True)
class Moves:
    """What a change of dates or zone does to the edition's own sessions."""

    count: int
    first_before: datetime | None = None
    first_after: datetime | None = None
    last_before: datetime | None = None
    last_after: datetime | None = None
    days: int = 0


def forum_sessions(edition: Edition) -> list[Session]:
    """The edition's own sessions (the summit's come from its feed), in time order."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.edition_id == edition.id, Session.source == SessionSource.FORUM)
            .order_by(Session.starts_at, Session.id)
        )
    )


def session_moves(edition: Edition, settings: EditionSettings) -> Moves:
    """How the edition's sessions would move under ``settings`` (checked): they keep their
    local wall-clock time, on days shifted as the start date shifts."""
    assert settings.starts_on is not None
    days = (settings.starts_on - edition.starts_on).days
    if days == 0 and settings.timezone == edition.timezone:
        return Moves(0)
    sessions = forum_sessions(edition)
    if not sessions:
        return Moves(0)
    first, last = sessions[0], sessions[-1]
    return Moves(
        count=len(sessions),
        first_before=first.starts_at,
        first_after=moved(first.starts_at, edition.timezone, settings.timezone, days),
        last_before=last.starts_at,
        last_after=moved(last.starts_at, edition.timezone, settings.timezone, days),
        days=days,
    )


def preview_update(edition: Edition, settings: EditionSettings) -> Moves:
    """What saving ``settings`` would move; InvalidInput when they break a rule."""
    settings = check_settings(settings)
    refuse_taken_number(settings.number, edition.id)
    return session_moves(edition, settings)


def update_edition(
    edition_id: int, settings: EditionSettings, *, actor: User | None, now: datetime
) -> Moves:
    """Save an edition's settings, moving its sessions as ``session_moves`` says; audited."""
    edition: Edition = lock_row(Edition, edition_id)
    settings = check_settings(settings)
    refuse_taken_number(settings.number, edition.id)
    moves = session_moves(edition, settings)
    if moves.count:
        _move_sessions(edition, settings.timezone, moves.days, now=now)
    before = {name: getattr(edition, name) for name in AUDITED}
    for name, value in settings.as_columns().items():
        setattr(edition, name, value)
    changes = {
        name: [_plain(before[name]), _plain(getattr(edition, name))]
        for name in AUDITED
        if before[name] != getattr(edition, name)
    }
    if changes:
        record("edition.updated", edition, actor=actor, changed=changes, sessions_moved=moves.count)
    return moves


def _move_sessions(edition: Edition, zone: str, days: int, *, now: datetime) -> None:
    """Move the edition's own sessions, telling calendars they changed."""
    for session in forum_sessions(edition):
        session.starts_at = moved(session.starts_at, edition.timezone, zone, days)
        session.ends_at = moved(session.ends_at, edition.timezone, zone, days)
        session.sequence += 1
        session.updated_at = now


def refuse_taken_number(number: int | None, own_id: int | None) -> None:
    """Edition numbers are unique."""
    taken = db.session.scalar(sa.select(Edition.id).where(Edition.number == number))
    if taken is not None and taken != own_id:
        raise InvalidInput({"number": _("Another edition has this number.")})


def _plain(value: object) -> object:
    """A value as the audit's JSON keeps it."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def switch_current(edition_id: int, *, actor: User | None) -> Edition:
    """Make one edition the current one, in one transaction holding every edition's row, so
    two organisers switching at once run one after the other (the index refuses two)."""
    # Locked in id order, so two switches never wait on each other crosswise.
    db.session.execute(
        sa.select(Edition.id).order_by(Edition.id).with_for_update(key_share=True)
    ).all()
    edition: Edition = lock_row(Edition, edition_id)
    if not edition.is_current:
        make_current(edition)
        db.session.flush()
        record("edition.made_current", edition, actor=actor)
    return edition


def public_declaration(edition: Edition, *, now: datetime) -> Declaration | None:
    """The edition's declaration once it has been put to the cities (opened at some point,
    or forced open); a draft, such as a clone's, stays off the public pages."""
    declaration = declaration_of(edition)
    if declaration is None:
        return None
    opened = declaration.opens_at is not None and declaration.opens_at <= now
    return declaration if opened or declaration.override is WindowOverride.OPEN else None


def all_editions() -> list[Edition]:
    """Every edition, the latest first."""
    return list(db.session.scalars(sa.select(Edition).order_by(Edition.number.desc())))
