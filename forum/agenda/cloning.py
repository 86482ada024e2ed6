"""The agenda's part of cloning an edition: its themes, rooms and own sessions, never the
summit's items nor anyone's sign-ups."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from forum.agenda.models import Room, Session, SessionSource, SessionStatus, Theme
from forum.editions.models import Edition
from forum.editions.settings import moved
from forum.extensions import db


def copy_programme(source: Edition, *, target: Edition, now: datetime) -> dict[str, int]:
    """Copy the programme's skeleton: sessions at the same local times on days shifted as
    the start date shifts, unpublished and scheduled."""
    themes = _copy_themes(source, target)
    rooms = _copy_rooms(source, target)
    days = (target.starts_on - source.starts_on).days
    sessions = _own_sessions(source)
    for session in sessions:
        db.session.add(
            Session(
                edition_id=target.id,
                theme=themes.get(session.theme_id) if session.theme_id else None,
                room=rooms.get(session.room_id) if session.room_id else None,
                kind=session.kind,
                title=session.title,
                description=session.description,
                title_i18n=dict(session.title_i18n or {}),
                description_i18n=dict(session.description_i18n or {}),
                location=session.location,
                starts_at=moved(session.starts_at, source.timezone, target.timezone, days),
                ends_at=moved(session.ends_at, source.timezone, target.timezone, days),
                all_day=session.all_day,
                capacity=session.capacity,
                status=SessionStatus.SCHEDULED,
                is_published=False,
                created_at=now,
                updated_at=now,
            )
        )
    db.session.flush()
    return {"themes": len(themes), "rooms": len(rooms), "sessions": len(sessions)}


def _rows(model: Any, edition: Edition) -> list[Any]:
    """The rows of ``model`` that belong to the edition, oldest first."""
    query = sa.select(model).where(model.edition_id == edition.id).order_by(model.id)
    return list(db.session.scalars(query))


def _own_sessions(edition: Edition) -> list[Session]:
    """The forum's own sessions (the summit's come from its feed)."""
    return [s for s in _rows(Session, edition) if s.source is SessionSource.FORUM]


def _copy_themes(source: Edition, target: Edition) -> dict[int, Theme]:
    """Each theme, with its GCM objectives, by the old theme's id."""
    copies = {
        theme.id: Theme(
            edition_id=target.id,
            slug=theme.slug,
            title=theme.title,
            description=theme.description,
            title_i18n=dict(theme.title_i18n or {}),
            description_i18n=dict(theme.description_i18n or {}),
            position=theme.position,
            gcm_objectives=list(theme.gcm_objectives or []),
            is_published=theme.is_published,
        )
        for theme in _rows(Theme, source)
    }
    db.session.add_all(copies.values())
    db.session.flush()
    return copies


def _copy_rooms(source: Edition, target: Edition) -> dict[int, Room]:
    """Each room, by the old room's id (a new venue's rooms are renamed on the agenda)."""
    copies = {
        room.id: Room(
            edition_id=target.id,
            name=room.name,
            seats=room.seats,
            name_i18n=dict(room.name_i18n or {}),
        )
        for room in _rows(Room, source)
    }
    db.session.add_all(copies.values())
    db.session.flush()
    return copies
