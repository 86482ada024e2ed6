"""Reading commitments: the public list and its filters, a city's own list, the organisers'
list, and a theme's counts by kind."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from forum.agenda.models import Theme
from forum.cities.models import City
from forum.cities.regions import countries_in
from forum.commitments.models import (
    Commitment,
    GcmLink,
    Kind,
    ProgressStatus,
    ProgressUpdate,
    Status,
    SupportArea,
)
from forum.db import LIKE_ESCAPE, contains_pattern
from forum.extensions import db

MAX_WORDS = 8
AREA_COLUMNS = {
    SupportArea.RESOURCES: Commitment.support_resources,
    SupportArea.TOOLS: Commitment.support_tools,
    SupportArea.PARTNERSHIPS: Commitment.support_partnerships,
}
LOADED = (
    selectinload(Commitment.city),
    selectinload(Commitment.theme),
    selectinload(Commitment.gcm_links),
    selectinload(Commitment.updates),
)


@dataclass(frozen=True)
class Filter:
    """What a list is narrowed to; a field left None does not filter."""

    theme_id: int | None = None
    kind: Kind | None = None
    area: SupportArea | None = None
    gcm: int | None = None
    country: str | None = None
    city_id: int | None = None
    progress: ProgressStatus | None = None
    status: Status | None = None
    q: str | None = None  # words found in the title, description or target
    region: str | None = None  # a UN M49 region code, e.g. "019" the Americas


def _latest_progress() -> sa.ScalarSelect[ProgressStatus]:
    """The status of an entry's latest update (a correlated subquery)."""
    return (
        sa.select(ProgressUpdate.status)
        .where(ProgressUpdate.commitment_id == Commitment.id)
        .order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())
        .limit(1)
        .correlate(Commitment)
        .scalar_subquery()
    )


def _narrowed(query: sa.Select[Commitment], where: Filter) -> sa.Select[Commitment]:
    equal = {
        Commitment.theme_id: where.theme_id,
        Commitment.kind: where.kind,
        Commitment.city_id: where.city_id,
        Commitment.status: where.status,
    }
    for column, value in equal.items():
        if value is not None:
            query = query.where(column == value)
    if where.area is not None:
        query = query.where(AREA_COLUMNS[where.area].is_(True))
    if where.gcm is not None:
        linked = sa.select(GcmLink.commitment_id).where(GcmLink.objective == where.gcm)
        query = query.where(Commitment.id.in_(linked))
    if where.country:
        in_country = sa.select(City.id).where(City.country_code == where.country.upper())
        query = query.where(Commitment.city_id.in_(in_country))
    if where.region:
        in_region = sa.select(City.id).where(City.country_code.in_(countries_in(where.region)))
        query = query.where(Commitment.city_id.in_(in_region))
    if where.progress is not None:
        query = query.where(_latest_progress() == where.progress)
    if where.q:
        query = query.where(_mentions(where.q))
    return query


def _mentions(text: str) -> sa.ColumnElement[bool]:
    """Every word of ``text`` appears in the title, description or target (any case)."""
    words = text.split()[:MAX_WORDS]
    columns = (Commitment.title, Commitment.description, Commitment.target)
    return sa.and_(
        *(
            sa.or_(*(sa.func.lower(c).like(contains_pattern(w.lower()), escape=LIKE_ESCAPE)
                     for c in columns))
            for w in words
        )
    )  # fmt: skip


def _published(edition_id: int) -> sa.Select[Commitment]:
    return sa.select(Commitment).where(
        Commitment.edition_id == edition_id,
        Commitment.status == Status.PUBLISHED,
        Commitment.is_public.is_(True),
    )


def public_page(
    edition_id: int, where: Filter, *, page: int, per_page: int
) -> tuple[list[Commitment], int]:
    """One page of the published public entries (newest first), and how many there are."""
    query = _narrowed(_published(edition_id), where)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.options(*LOADED)
        .order_by(Commitment.published_at.desc(), Commitment.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return list(rows), total


def public_entry(edition_id: int, commitment_id: int) -> Commitment | None:
    """One published public entry, with its updates."""
    query = _published(edition_id).where(Commitment.id == commitment_id).options(*LOADED)
    return db.session.scalar(query)


def city_entries(edition_id: int, city_id: int) -> list[Commitment]:
    """A city's entries in every status, newest first (its delegates' list)."""
    query = sa.select(Commitment).where(
        Commitment.edition_id == edition_id, Commitment.city_id == city_id
    )
    return list(db.session.scalars(query.options(*LOADED).order_by(Commitment.id.desc())))


def all_entries(edition_id: int, where: Filter) -> list[Commitment]:
    """Every entry of the edition for organisers, submitted first, then newest."""
    query = _narrowed(sa.select(Commitment).where(Commitment.edition_id == edition_id), where)
    waiting = sa.case((Commitment.status == Status.SUBMITTED, 0), else_=1)
    return list(db.session.scalars(query.options(*LOADED).order_by(waiting, Commitment.id.desc())))


def theme_counts(theme: Theme) -> dict[str, int]:
    """How many published public entries of each kind a theme has, by the kind's value."""
    query = (
        sa.select(Commitment.kind, sa.func.count())
        .where(
            Commitment.theme_id == theme.id,
            Commitment.status == Status.PUBLISHED,
            Commitment.is_public.is_(True),
        )
        .group_by(Commitment.kind)
    )
    counts = dict.fromkeys((kind.value for kind in Kind), 0)
    counts.update({kind.value: count for kind, count in db.session.execute(query)})
    return counts


def countries_and_cities(edition_id: int) -> list[City]:
    """The cities with published public entries, for the filters."""
    ids = _published(edition_id).with_only_columns(Commitment.city_id).distinct()
    query = sa.select(City).where(City.id.in_(ids)).order_by(City.country_code, City.name)
    return list(db.session.scalars(query))


def coverage(edition_id: int) -> dict[tuple[int, int], int]:
    """How many published public entries serve each (GCM objective, theme id)."""
    query = (
        sa.select(GcmLink.objective, Commitment.theme_id, sa.func.count())
        .join(Commitment, Commitment.id == GcmLink.commitment_id)
        .where(
            Commitment.edition_id == edition_id,
            Commitment.status == Status.PUBLISHED,
            Commitment.is_public.is_(True),
        )
        .group_by(GcmLink.objective, Commitment.theme_id)
    )
    return {(objective, theme): count for objective, theme, count in db.session.execute(query)}
