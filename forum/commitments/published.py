"""What an edition's outputs (the annual report, the open-data file) read: every published
public entry with its city, theme, objectives and updates, and the counts made from them.

The report needs only each entry's latest update, so it reads the objectives and the updates
as plain rows (``listed_entries``): 5,000 entries and their 20,000 updates as ORM objects would
take longer than laying out the whole PDF.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import raiseload, selectinload

from forum.agenda.models import Theme
from forum.cities.models import City
from forum.commitments.models import Commitment, GcmLink, ProgressStatus, ProgressUpdate, Status
from forum.commitments.queries import LOADED
from forum.extensions import db


@dataclass(frozen=True)
class Latest:
    """An entry's latest progress update, as the report prints it."""

    reported_on: date
    status: ProgressStatus
    percent: int | None


@dataclass(frozen=True)
class Listed:
    """A published entry (its city loaded, its links and updates not), its GCM objectives in
    order and its latest update."""

    entry: Commitment
    objectives: list[int]
    latest: Latest | None


def _published_ids(edition_id: int) -> sa.Select[int]:
    return sa.select(Commitment.id).where(
        Commitment.edition_id == edition_id,
        Commitment.status == Status.PUBLISHED,
        Commitment.is_public.is_(True),
    )


def _in_order(edition_id: int) -> sa.Select[Commitment]:
    """The published public entries by theme (in its order), city and id."""
    return (
        sa.select(Commitment)
        .join(Theme, Theme.id == Commitment.theme_id)
        .join(City, City.id == Commitment.city_id)
        .where(Commitment.id.in_(_published_ids(edition_id)))
        .order_by(Theme.position, Theme.id, City.name, Commitment.id)
    )


def published_entries(edition_id: int) -> list[Commitment]:
    """The edition's published public entries with everything they hold, in order."""
    return list(db.session.scalars(_in_order(edition_id).options(*LOADED)))


def listed_entries(edition_id: int) -> list[Listed]:
    """The edition's published public entries, in order, with what the report prints."""
    published = _published_ids(edition_id)
    objectives: defaultdict[int, list[int]] = defaultdict(list)
    links = sa.select(GcmLink.commitment_id, GcmLink.objective).where(
        GcmLink.commitment_id.in_(published)
    )
    for commitment_id, objective in db.session.execute(links.order_by(GcmLink.objective)):
        objectives[commitment_id].append(objective)
    latest: dict[int, Latest] = {}
    updates = (
        sa.select(ProgressUpdate.commitment_id, ProgressUpdate.reported_on,
                  ProgressUpdate.status, ProgressUpdate.percent)
        .where(ProgressUpdate.commitment_id.in_(published))
        .order_by(ProgressUpdate.reported_on, ProgressUpdate.id)
    )  # fmt: skip
    for commitment_id, reported_on, status, percent in db.session.execute(updates):
        latest[commitment_id] = Latest(reported_on, status, percent)  # the last one stays
    # Nothing else is loaded: the report touching another relationship would be an error.
    entries = db.session.scalars(
        _in_order(edition_id).options(selectinload(Commitment.city), raiseload("*"))
    )
    return [Listed(e, objectives[e.id], latest.get(e.id)) for e in entries]


def coverage_of(entries: Iterable[Listed]) -> dict[tuple[int, int], int]:
    """How many of ``entries`` serve each (GCM objective, theme id)."""
    return dict(Counter((n, row.entry.theme_id) for row in entries for n in row.objectives))


def counts_of(entries: Iterable[Listed]) -> Counter[tuple[int, str]]:
    """How many of ``entries`` each theme id has of each kind and support area (by value),
    and in all (under "all")."""
    counts: Counter[tuple[int, str]] = Counter()
    for row in entries:
        entry = row.entry
        keys = [entry.kind.value, "all", *(area.value for area in entry.support_areas)]
        counts.update((entry.theme_id, key) for key in keys)
    return counts
