"""Preparing the next edition from the last one: its programme's skeleton and its declaration
as a draft, never anything a person gave (registrations, sign-ups, check-ins, endorsements)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from forum.agenda.models import Room, Session, SessionStatus, Theme
from forum.audit.services import record
from forum.auth.models import User
from forum.editions.models import Edition
from forum.editions.settings import WINDOWS, EditionSettings, check_settings, moved
from forum.endorsements.models import Declaration, DeclarationText
from forum.extensions import db
from forum.seasons.services import forum_sessions, refuse_taken_number
from forum.timezones import in_zone


@dataclass(frozen=True)
class Clone:
    """The new edition and how many rows of each table were copied into it."""

    edition: Edition
    copied: dict[str, int]


def clone_settings(source: Edition, **typed: object) -> EditionSettings:
    """The new edition's settings: what was typed, the rest as the source has it; its
    windows as far from its start, at the same local times, as the source's were."""
    settings = EditionSettings(
        number=None,
        title=source.title,
        subtitle=source.subtitle,
        city=source.city,
        country_code=source.country_code,
        timezone=source.timezone,
        starts_on=None,
        ends_on=None,
        capacity=source.capacity,
        waitlist_offer_hours=source.waitlist_offer_hours,
        contact_email=source.contact_email,
    )
    for name, value in typed.items():
        if value not in (None, ""):
            setattr(settings, name, value)
    if isinstance(settings.starts_on, date):
        if settings.ends_on is None:
            settings.ends_on = settings.starts_on + (source.ends_on - source.starts_on)
        _shift_windows(source, settings, days=(settings.starts_on - source.starts_on).days)
    return settings


def _shift_windows(source: Edition, settings: EditionSettings, *, days: int) -> None:
    """Each of the source's windows moved by ``days`` at the same local time; a bound the
    source left open stays open."""
    for name, column in WINDOWS.items():
        instant = getattr(source, column)
        if instant is not None:
            local = in_zone(instant, source.zone).replace(tzinfo=None)
            setattr(settings, name, local + timedelta(days=days))


def clone_edition(
    source_id: int, settings: EditionSettings, *, actor: User | None, now: datetime
) -> Clone:
    """Create the next edition from ``source_id``; its sessions keep their local wall-clock
    times on days shifted by the change of start date, unpublished."""
    source = db.session.get(Edition, source_id)
    assert source is not None
    settings = check_settings(settings)
    refuse_taken_number(settings.number, None)
    edition = Edition(**settings.as_columns(), is_current=False)
    db.session.add(edition)
    db.session.flush()
    days = (edition.starts_on - source.starts_on).days
    themes = _copy_themes(source, edition)
    rooms = _copy_rooms(source, edition)
    sessions = _copy_sessions(source, edition, themes, rooms, days, now=now)
    declarations, texts = _copy_declarations(source, edition)
    copied = {
        "themes": len(themes),
        "rooms": len(rooms),
        "sessions": sessions,
        "declarations": declarations,
        "declaration_texts": texts,
    }
    record("edition.cloned", edition, actor=actor, source=source.number, copied=copied)
    return Clone(edition, copied)


def _rows(model: Any, edition: Edition) -> list[Any]:
    """The rows of ``model`` that belong to the edition, oldest first."""
    return list(
        db.session.scalars(
            sa.select(model).where(model.edition_id == edition.id).order_by(model.id)
        )
    )


def _copy_themes(source: Edition, edition: Edition) -> dict[int, Theme]:
    """Each theme, with its GCM objectives, by the old theme's id."""
    copies = {}
    for theme in _rows(Theme, source):
        copies[theme.id] = Theme(
            edition=edition,
            slug=theme.slug,
            title=theme.title,
            description=theme.description,
            position=theme.position,
            gcm_objectives=list(theme.gcm_objectives or []),
            is_published=theme.is_published,
        )
    db.session.add_all(copies.values())
    db.session.flush()
    return copies


def _copy_rooms(source: Edition, edition: Edition) -> dict[int, Room]:
    """Each room, by the old room's id (a new venue's rooms are renamed on the agenda)."""
    copies = {
        room.id: Room(edition_id=edition.id, name=room.name, seats=room.seats)
        for room in _rows(Room, source)
    }
    db.session.add_all(copies.values())
    db.session.flush()
    return copies


def _copy_sessions(
    source: Edition,
    edition: Edition,
    themes: dict[int, Theme],
    rooms: dict[int, Room],
    days: int,
    *,
    now: datetime,
) -> int:
    """The forum's own sessions moved to the new dates and zone, unpublished, scheduled."""
    count = 0
    for session in forum_sessions(source):
        theme = themes.get(session.theme_id) if session.theme_id else None
        room = rooms.get(session.room_id) if session.room_id else None
        db.session.add(
            Session(
                edition_id=edition.id,
                theme=theme,
                room=room,
                kind=session.kind,
                title=session.title,
                description=session.description,
                location=session.location,
                starts_at=moved(session.starts_at, source.timezone, edition.timezone, days),
                ends_at=moved(session.ends_at, source.timezone, edition.timezone, days),
                all_day=session.all_day,
                capacity=session.capacity,
                status=SessionStatus.SCHEDULED,
                is_published=False,
                created_at=now,
                updated_at=now,
            )
        )
        count += 1
    db.session.flush()
    return count


def _copy_declarations(source: Edition, edition: Edition) -> tuple[int, int]:
    """Each declaration as a draft (no window: endorsements stay closed), with its texts."""
    declarations = texts = 0
    for declaration in _rows(Declaration, source):
        copy = Declaration(
            edition_id=edition.id, slug=_free_slug(declaration.slug, source, edition)
        )
        copy.texts = [
            DeclarationText(language=text.language, title=text.title, body=text.body)
            for text in declaration.texts
        ]
        db.session.add(copy)
        declarations += 1
        texts += len(copy.texts)
    db.session.flush()
    return declarations, texts


def _free_slug(slug: str, source: Edition, edition: Edition) -> str:
    """A declaration slug not taken yet (slugs are unique across editions): the year in it
    changed, or the new year added."""
    old, new = str(source.year), str(edition.year)
    base = slug.replace(old, new) if old in slug and old != new else f"{slug}-{new}"
    base = base[:70]
    candidate, n = base, 1
    while db.session.scalar(sa.select(Declaration.id).where(Declaration.slug == candidate)):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
