"""Builders for agenda tests."""

from __future__ import annotations

from datetime import datetime, time

from forum.agenda.models import Room, Session, SessionKind, SessionSource, Theme
from forum.editions.models import Edition
from forum.extensions import db


def local(edition: Edition, clock: str, day: int = 0) -> datetime:
    """A time on the edition's first day (plus ``day`` days), in its zone."""
    first = edition.starts_on.toordinal() + day
    return datetime.combine(
        datetime.fromordinal(first).date(), time.fromisoformat(clock), tzinfo=edition.zone
    )


def theme(
    edition: Edition, slug: str = "inclusion", title: str = "Inclusion", **values: object
) -> Theme:
    row = Theme(edition_id=edition.id, slug=slug, title=title, **values)
    db.session.add(row)
    db.session.flush()
    return row


def room(edition: Edition, name: str = "Atlas room") -> Room:
    row = Room(edition_id=edition.id, name=name)
    db.session.add(row)
    db.session.flush()
    return row


def session(
    edition: Edition,
    title: str = "Cities and inclusion",
    start: str = "10:00",
    end: str = "11:00",
    *,
    kind: SessionKind = SessionKind.THEME_SESSION,
    source: SessionSource = SessionSource.FORUM,
    **values: object,
) -> Session:
    row = Session(
        edition_id=edition.id,
        title=title,
        kind=kind,
        source=source,
        starts_at=local(edition, start),
        ends_at=local(edition, end),
        **values,
    )
    db.session.add(row)
    db.session.flush()
    return row
