"""What the home page tells a visitor about the current edition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum.agenda.models import Session, SessionSource, SessionStatus, Theme
from forum.agenda.queries import themes
from forum.editions.models import Edition
from forum.endorsements.services import declaration_of
from forum.endorsements.wall import wall_version
from forum.extensions import db

AGENDA_ITEMS = 4  # enough to show what the day holds, few enough to read on a phone


@dataclass(frozen=True)
class HomePage:
    """The edition's themes, a few agenda items, the declaration's count, registration."""

    edition: Edition
    themes: list[Theme]
    sessions: list[Session]
    sessions_are_next: bool  # False once the edition is over: the first items are shown
    declaration_count: int | None  # None when the edition has no declaration
    registration_open: bool
    registration_closed: bool  # the window has ended (not merely not yet opened)


def home_page(edition: Edition, now: datetime) -> HomePage:
    """The home page's content for ``edition`` at ``now``."""
    upcoming = agenda_items(edition, after=now)
    declaration = declaration_of(edition)
    closes = edition.registration_closes_at
    return HomePage(
        edition=edition,
        themes=themes(edition),
        sessions=upcoming or agenda_items(edition),
        sessions_are_next=bool(upcoming),
        declaration_count=wall_version(declaration).count if declaration else None,
        registration_open=edition.registration_is_open(now),
        registration_closed=bool(closes and now >= closes),
    )


def agenda_items(edition: Edition, after: datetime | None = None) -> list[Session]:
    """The forum's first published, scheduled sessions (starting after ``after`` if given)."""
    query = (
        sa.select(Session)
        .where(
            Session.edition_id == edition.id,
            Session.source == SessionSource.FORUM,
            Session.is_published.is_(True),
            Session.status == SessionStatus.SCHEDULED,
        )
        .options(joinedload(Session.theme), joinedload(Session.room))
        .order_by(Session.starts_at, Session.ends_at, Session.id)
        .limit(AGENDA_ITEMS)
    )
    if after is not None:
        query = query.where(Session.starts_at > after)
    return list(db.session.scalars(query))
