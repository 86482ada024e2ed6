"""What an edition's outputs (the annual report, the open-data file) read: every published
public entry with its city, theme, objectives and updates, and the counts made from them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import sqlalchemy as sa

from forum.agenda.models import Theme
from forum.cities.models import City
from forum.commitments.models import Commitment, Status
from forum.commitments.queries import LOADED
from forum.extensions import db


def published_entries(edition_id: int) -> list[Commitment]:
    """The edition's published public entries, by theme (in its order), city and id."""
    query = (
        sa.select(Commitment)
        .join(Theme, Theme.id == Commitment.theme_id)
        .join(City, City.id == Commitment.city_id)
        .where(
            Commitment.edition_id == edition_id,
            Commitment.status == Status.PUBLISHED,
            Commitment.is_public.is_(True),
        )
        .options(*LOADED)
        .order_by(Theme.position, Theme.id, City.name, Commitment.id)
    )
    return list(db.session.scalars(query))


def coverage_of(entries: Iterable[Commitment]) -> dict[tuple[int, int], int]:
    """How many of ``entries`` serve each (GCM objective, theme id)."""
    return dict(Counter((n, entry.theme_id) for entry in entries for n in entry.gcm_objectives))


def counts_of(entries: Iterable[Commitment]) -> Counter[tuple[int, str]]:
    """How many of ``entries`` each theme id has of each kind and support area (by value),
    and in all (under "all")."""
    counts: Counter[tuple[int, str]] = Counter()
    for entry in entries:
        keys = [entry.kind.value, "all", *(area.value for area in entry.support_areas)]
        counts.update((entry.theme_id, key) for key in keys)
    return counts
