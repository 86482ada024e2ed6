"""Published commitments as JSON under /api/v1 (public, read-only)."""

from __future__ import annotations

from flask import Blueprint, Response, url_for

from forum.agenda.queries import theme_by_slug
from forum.api.editions import requested_edition
from forum.api.languages import requested_language
from forum.api.spec import answers, spec
from forum.api.types import ApiErrorCode
from forum.commitments.listing import published_entry, published_survivor
from forum.commitments.match_api import made
from forum.commitments.matching import Suggestion, suggestions
from forum.commitments.models import Commitment, Offer
from forum.commitments.offers import published_offers
from forum.commitments.progress import staleness
from forum.commitments.queries import Filter, public_page
from forum.commitments.schemas import (
    CommitmentDetail,
    CommitmentOut,
    CommitmentsPage,
    CommitmentsQuery,
    LanguageQuery,
    MatchesAnswer,
    MatchOut,
    OfferOut,
    OffersAnswer,
    ProgressOut,
)
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.errors import ApiError, json_error
from forum.extensions import csrf
from forum.translated import localized

bp = Blueprint("commitments_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only JSON


@bp.get("/commitments")
@spec.validate(query=CommitmentsQuery, resp=answers(CommitmentsPage, 400, 404))
def commitments(query: CommitmentsQuery) -> CommitmentsPage:
    """The published public entries of the current (or ``edition``) edition, filtered, a page
    at a time."""
    edition = requested_edition(query.edition)
    lang = requested_language(edition, query.lang)
    rows, total = public_page(
        edition.id, _filter(edition, query), page=query.page, per_page=query.per_page
    )
    more = query.page * query.per_page < total
    return CommitmentsPage(
        commitments=[CommitmentOut(**_fields(row, lang)) for row in rows],
        page=query.page,
        per_page=query.per_page,
        total=total,
        next_page=query.page + 1 if more else None,
    )


@bp.get("/commitments/<int:commitment_id>")
@spec.validate(query=LanguageQuery, resp=answers(CommitmentDetail, 301, 400, 404))
def commitment(commitment_id: int, query: LanguageQuery) -> CommitmentDetail | tuple[Response, int]:
    """One published public entry with its progress updates, newest first; a duplicate merged
    into another answers 301 to it."""
    found = published_entry(commitment_id)
    if found is None:
        return _moved_or_missing(commitment_id, ".commitment", query.lang)
    lang = requested_language(found.edition, query.lang)
    updates = [ProgressOut.model_validate(update, from_attributes=True) for update in found.updates]
    return CommitmentDetail(**_fields(found, lang), updates=updates)


@bp.get("/commitments/<int:commitment_id>/matches")
@spec.validate(query=LanguageQuery, resp=answers(MatchesAnswer, 301, 400, 404))
def matches(commitment_id: int, query: LanguageQuery) -> MatchesAnswer | tuple[Response, int]:
    """Offers and other cities' actions that could answer a published need, best first."""
    found = published_entry(commitment_id, only_for_matching=True)
    if found is None:
        return _moved_or_missing(commitment_id, ".matches", query.lang)
    lang = requested_language(found.edition, query.lang)
    return MatchesAnswer(
        commitment=found.id,
        matches=[_match(s, lang) for s in suggestions(found)],
        made=made(found.id, lang),
    )


def _moved_or_missing(commitment_id: int, endpoint: str, lang: str | None) -> tuple[Response, int]:
    """301 to the entry a merged duplicate lives on (in the language asked for), with a JSON
    error naming it; else 404."""
    survivor = published_survivor(commitment_id)
    if survivor is None:
        raise ApiError(ApiErrorCode.NOT_FOUND, "No published entry has this id.", 404)
    answer, status = json_error(
        ApiErrorCode.MERGED, f"This entry was merged into entry {survivor}.", 301
    )
    answer.headers["Location"] = url_for(endpoint, commitment_id=survivor, lang=lang)
    return answer, status


def _match(suggestion: Suggestion, lang: str | None) -> MatchOut:
    row: Commitment | Offer
    if suggestion.offer is not None:
        row, by = suggestion.offer, suggestion.offer.offerer_name
    else:
        assert suggestion.action is not None
        row, by = suggestion.action, suggestion.action.city.name
    title = localized(row, "title", lang)  # an offer has no translations: its own title
    return MatchOut(type="offer" if suggestion.offer else "action", id=row.id, title=title.text,
                    title_lang=title.language, by=by, score=suggestion.score,
                    reasons=suggestion.reasons)  # fmt: skip


@bp.get("/offers")
@spec.validate(resp=answers(OffersAnswer, 404))
def offers() -> OffersAnswer:
    """The published offers of support of the current edition, newest first."""
    rows = published_offers(current_edition_or_404().id)
    return OffersAnswer(offers=[_offer_out(row) for row in rows])


def _offer_out(row: Offer) -> OfferOut:
    columns = ("id", "offerer_kind", "offerer_name", "title", "description", "language",
               "support_areas", "partnership_level", "gcm_objectives", "contact_name",
               "contact_email", "published_at")  # fmt: skip
    values = {name: getattr(row, name) for name in columns}
    return OfferOut(**values, theme=row.theme.slug if row.theme else None)


def _filter(edition: Edition, query: CommitmentsQuery) -> Filter:
    theme_id = None
    if query.theme:
        theme = theme_by_slug(edition, query.theme)
        if theme is None:
            raise ApiError(ApiErrorCode.UNKNOWN_THEME, "No published theme has this slug.", 404)
        theme_id = theme.id
    return Filter(
        theme_id=theme_id,
        kind=query.kind,
        area=query.area,
        gcm=query.gcm,
        country=query.country,
        region=query.region,
        city_id=query.city,
        progress=query.progress,
        q=" ".join(query.q.split()) if query.q else None,
    )


def _fields(row: Commitment, lang: str | None) -> dict[str, object]:
    latest = row.latest_update
    title, description = localized(row, "title", lang), localized(row, "description", lang)
    return {
        "id": row.id,
        "edition": row.edition.number,
        "city": row.city.name,
        "city_id": row.city_id,
        "country": row.city.country_code,
        "theme": row.theme.slug,
        "kind": row.kind,
        "title": title.text,
        "title_lang": title.language,
        "description": description.text,
        "description_lang": description.language,
        "language": row.language,
        "support_areas": row.support_areas,
        "partnership_level": row.partnership_level,
        "gcm_objectives": row.gcm_objectives,
        "gcr_objectives": row.gcr_objectives,
        "target": row.target,
        "target_date": row.target_date,
        "partners": row.partners,
        "progress": latest.status if latest else None,
        "staleness": staleness(latest.reported_on if latest else None, row.published_at, utcnow()),
        "published_at": row.published_at,
        "updated_at": row.updated_at,
    }
