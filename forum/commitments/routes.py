"""Public commitment pages: the published list with its filters, and one entry."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forum.agenda.queries import themes
from forum.commitments.charts import shade
from forum.commitments.filters import FILTER_KEYS, from_args, page_number
from forum.commitments.labels import labels
from forum.commitments.listing import (
    filter_choices,
    listed_edition,
    published_entry,
    published_survivor,
)
from forum.commitments.matching import suggestions
from forum.commitments.objectives import GCM, titles_here
from forum.commitments.offers import published_offers
from forum.commitments.progress import staleness
from forum.commitments.queries import coverage, public_page
from forum.commitments.report import coverage_page_svg
from forum.db import utcnow
from forum.editions.services import current_edition_or_404

bp = Blueprint("commitments", __name__)
PER_PAGE = 20


def gcm_titles() -> dict[int, str]:
    """The GCM objectives' short titles in the reader's language."""
    return titles_here(GCM)


@bp.get("/commitments")
def index() -> str:
    """What cities do, commit to and need: the published entries, filtered, a page at a time."""
    edition = listed_edition(request.args)
    edition_themes = themes(edition)
    where = from_args(request.args, edition_themes)
    page = page_number(request.args)
    rows, total = public_page(edition.id, where, page=page, per_page=PER_PAGE)
    return render_template(
        "commitments/index.html",
        edition=edition,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        where=where,
        themes=edition_themes,
        args={key: request.args[key] for key in FILTER_KEYS if request.args.get(key)},
        **filter_choices(edition),
        **_shared(),
    )


def _shared() -> dict[str, object]:
    """What every public list and entry page shows with: labels, titles, the clock."""
    return {"gcm": gcm_titles(), "now": utcnow(), "staleness": staleness, **labels()}


def _survivor_or_404(commitment_id: int) -> int:
    """The published entry a merged one now lives on; 404 when there is none."""
    return published_survivor(commitment_id) or abort(404)


@bp.get("/commitments/<int:commitment_id>")
def detail(commitment_id: int) -> Response | str:
    """One published entry with its progress updates and how fresh they are; an entry merged
    into another leads there."""
    commitment = published_entry(commitment_id)
    if commitment is None:
        return redirect(url_for(".detail", commitment_id=_survivor_or_404(commitment_id)), 301)
    edition = commitment.edition
    latest = commitment.latest_update
    colour = staleness(latest.reported_on if latest else None, commitment.published_at, utcnow())
    return render_template(
        "commitments/detail.html",
        edition=edition,
        commitment=commitment,
        colour=colour,
        suggestions=suggestions(commitment),
        **_shared(),
    )


@bp.get("/commitments/offers")
def offers() -> str:
    """What cities and organisations offer, in the same areas cities need."""
    edition = current_edition_or_404()
    return render_template(
        "commitments/offers.html",
        edition=edition,
        offers=published_offers(edition.id),
        **_shared(),
    )


@bp.get("/commitments/coverage")
def gcm_coverage() -> str:
    """The GCM's 23 objectives by theme: how many published entries serve each."""
    edition = current_edition_or_404()
    counts, edition_themes = coverage(edition.id), themes(edition)
    most = max(counts.values(), default=0)
    return render_template(
        "commitments/coverage.html",
        edition=edition,
        themes=edition_themes,
        counts=counts,
        chart=coverage_page_svg(edition_themes, counts),
        # The chart's five shades, so the table below reads as the same heat map.
        shade=lambda n: shade(n, most),
        **_shared(),
    )
