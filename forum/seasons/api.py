"""The editions as JSON under /api/v1."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint

from forum.api.spec import answers, spec
from forum.editions.models import Edition
from forum.extensions import csrf, db
from forum.seasons.schemas import EditionOut, EditionsAnswer
from forum.translated import text_in
from forum.urls import external_url

bp = Blueprint("seasons_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only JSON


@bp.get("/editions")
@spec.validate(resp=answers(EditionsAnswer))
def editions() -> EditionsAnswer:
    """Every edition, past and current, the most recent first; use its ``number`` as
    ``?edition=`` on the other list endpoints."""
    rows = db.session.scalars(sa.select(Edition).order_by(Edition.number.desc()))
    return EditionsAnswer(editions=[edition_out(row) for row in rows])


def edition_out(edition: Edition) -> EditionOut:
    """An edition as the API shows it, with absolute links built from PUBLIC_BASE_URL."""
    return EditionOut(
        number=edition.number,
        year=edition.year,
        title=edition.title,
        titles={lang: text_in(edition, "title", lang) for lang in edition.content_languages},
        default_language=edition.default_language,
        languages=edition.content_languages,
        city=edition.city,
        country=edition.country_code,
        venue=edition.venue,
        timezone=edition.timezone,
        starts_on=edition.starts_on,
        ends_on=edition.ends_on,
        current=edition.is_current,
        page=external_url("seasons.edition_page", number=edition.number),
        agenda_feed=external_url("seasons.edition_feed", number=edition.number),
    )
