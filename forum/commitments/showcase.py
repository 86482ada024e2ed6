"""What other pages show of the published entries: a theme's few latest of each kind (the
agenda's theme page) and an edition's entries with their progress (its archive page).
Both reach the templates as globals, since those pages' areas sit below or beside this one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import selectinload

from forum.agenda.models import Theme
from forum.commitments.labels import labels
from forum.commitments.models import Commitment, Kind, ProgressStatus, ProgressUpdate, Status
from forum.commitments.progress import Staleness, staleness
from forum.commitments.queries import LOADED
from forum.db import utcnow
from forum.editions.models import Edition
from forum.extensions import db

PER_KIND = 3
LATEST = 10


@dataclass(frozen=True)
class Shelf:
    """One kind of a theme's entries: how many are published, and the latest few."""

    kind: Kind
    count: int
    entries: list[Commitment]


@dataclass(frozen=True)
class EditionEntries:
    """An edition's published entries: counts by kind and by progress, the latest few."""

    total: int
    by_kind: dict[Kind, int]
    by_progress: dict[ProgressStatus | None, int]
    latest: list[tuple[Commitment, Staleness]]


def _public() -> tuple[sa.ColumnElement[bool], ...]:
    return (Commitment.status == Status.PUBLISHED, Commitment.is_public.is_(True))


def theme_showcase(theme: Theme, per_kind: int = PER_KIND) -> list[Shelf]:
    """Each kind's count and its ``per_kind`` latest published public entries of the theme,
    in one query whatever the number of entries: each kind's latest few by a LIMIT of its
    own (cheaper than ranking them all), joined to the counts by kind."""
    newest = (Commitment.published_at.desc(), Commitment.id.desc())
    of_theme = (Commitment.theme_id == theme.id, *_public())
    latest_ids = sa.union_all(
        *(
            sa.select(
                sa.select(Commitment.id)
                .where(*of_theme, Commitment.kind == kind)
                .order_by(*newest)
                .limit(per_kind)
                .subquery()
            )
            for kind in Kind
        )
    )
    counts = (
        sa.select(Commitment.kind.label("kind"), sa.func.count().label("total"))
        .where(*of_theme)
        .group_by(Commitment.kind)
        .subquery()
    )
    query = (
        sa.select(Commitment, counts.c.total)
        .join(counts, counts.c.kind == Commitment.kind)
        .where(Commitment.id.in_(latest_ids))
        .options(selectinload(Commitment.city))
        .order_by(*newest)
    )
    rows = db.session.execute(query).all()
    totals = {row.kind: total for row, total in rows}
    return [
        Shelf(kind, totals.get(kind, 0), [row for row, _total in rows if row.kind is kind])
        for kind in Kind
    ]


def _latest_status() -> sa.ScalarSelect[ProgressStatus]:
    """The status of an entry's latest update, None without one."""
    return (
        sa.select(ProgressUpdate.status)
        .where(ProgressUpdate.commitment_id == Commitment.id)
        .order_by(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())
        .limit(1)
        .correlate(Commitment)
        .scalar_subquery()
    )


def edition_entries(edition: Edition, *, now: datetime | None = None) -> EditionEntries:
    """The edition's published public entries, counted by kind and by latest progress, and
    the ``LATEST`` newest with how fresh their reporting is."""
    mine = (Commitment.edition_id == edition.id, *_public())
    by_kind = dict.fromkeys(Kind, 0)
    kinds = sa.select(Commitment.kind, sa.func.count()).where(*mine).group_by(Commitment.kind)
    by_kind.update(dict(db.session.execute(kinds).all()))
    latest = _latest_status().label("latest")
    progress = sa.select(latest, sa.func.count()).where(*mine).group_by(latest)
    by_progress: dict[ProgressStatus | None, int] = dict(db.session.execute(progress).all())
    rows = db.session.scalars(
        sa.select(Commitment)
        .where(*mine)
        .options(*LOADED)
        .order_by(Commitment.published_at.desc(), Commitment.id.desc())
        .limit(LATEST)
    )
    moment = now or utcnow()
    newest = [
        (row, staleness(u.reported_on if (u := row.latest_update) else None, row.published_at,
                        moment))
        for row in rows
    ]  # fmt: skip
    return EditionEntries(sum(by_kind.values()), by_kind, by_progress, newest)


def register_globals(app: Flask) -> None:
    """Give the theme page and the edition page their share of the entries."""
    app.jinja_env.globals["theme_showcase"] = theme_showcase
    app.jinja_env.globals["edition_entries"] = edition_entries
    app.jinja_env.globals["commitment_labels"] = labels
