"""Changing the programme: sessions keep a SEQUENCE that calendar clients can follow."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from forum.agenda.models import Session, SessionStatus
from forum.db import utcnow

# A change to any of these must reach calendars that already hold the event.
SEQUENCE_FIELDS = (
    "title",
    "title_i18n",
    "starts_at",
    "ends_at",
    "room_id",
    "location",
    "status",
    "all_day",
)
# These change what the feed says without rescheduling anything.
DESCRIPTIVE_FIELDS = (
    "description",
    "description_i18n",
    "kind",
    "theme_id",
    "capacity",
    "is_published",
)


def apply_changes(
    session: Session, *, now: datetime | None = None, **values: Any
) -> dict[str, list[Any]]:
    """Set ``values`` on ``session``; return what changed as {field: [before, after]}.

    Any change bumps ``updated_at``; a change calendar clients must notice (time,
    place, title, status) also bumps ``sequence``.
    """
    changed: dict[str, list[Any]] = {}
    for field, value in values.items():
        if field not in SEQUENCE_FIELDS and field not in DESCRIPTIVE_FIELDS:
            raise ValueError(f"not a session field that can change: {field}")
        before = getattr(session, field)
        if before != value:
            changed[field] = [before, value]
            setattr(session, field, value)
    if changed:
        session.updated_at = now or utcnow()
        if session.id is not None and any(field in SEQUENCE_FIELDS for field in changed):
            session.sequence += 1
    return changed


def cancel_session(session: Session, *, now: datetime | None = None) -> bool:
    """Mark a session cancelled (it stays, published as cancelled); False if it already was."""
    return bool(apply_changes(session, now=now, status=SessionStatus.CANCELLED))


def mark_moved(session: Session, *, now: datetime | None = None) -> None:
    """Something calendars show changed outside the session row (its room's name, say)."""
    session.sequence += 1
    session.updated_at = now or utcnow()
