"""What the public list offers to filter by, which edition it lists (the current one unless
``?edition=<number>`` asks for another), and one published entry of any edition."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import lazyload, selectinload
from werkzeug.exceptions import NotFound

from forum.cities.regions import REGIONS, region_name
from forum.commitments.merging import survivor_of
from forum.commitments.models import Commitment, Status
from forum.commitments.queries import LOADED, countries_and_cities
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404, edition_by_number
from forum.extensions import db


def listed_edition(args: Mapping[str, str]) -> Edition:
    """The edition ``?edition=<number>`` names, the current one without it; a 404 for an
    edition that does not exist (a number that is not one is ignored)."""
    asked = (args.get("edition") or "").strip()
    if not (asked.isdigit() and len(asked) < 10):
        return current_edition_or_404()
    edition = edition_by_number(int(asked))
    if edition is None:
        raise NotFound("No edition has this number.")
    return edition


def editions_with_entries() -> list[Edition]:
    """The editions that have published public entries, the latest first."""
    # EXISTS per edition: the (edition, status) index finds the first entry and stops there.
    having = sa.exists().where(
        Commitment.edition_id == Edition.id,
        Commitment.status == Status.PUBLISHED,
        Commitment.is_public.is_(True),
    )
    query = sa.select(Edition).where(having).order_by(Edition.number.desc())
    return list(db.session.scalars(query))


def filter_choices(edition: Edition) -> dict[str, object]:
    """The choices of the list's filters: editions, regions, and the countries and cities
    with published entries in ``edition``, named in the reader's language."""
    locale = get_locale()
    cities = countries_and_cities(edition.id)
    codes = sorted({city.country_code for city in cities})
    editions = editions_with_entries()
    if edition not in editions:
        editions = sorted([*editions, edition], key=lambda e: -e.number)
    return {
        "cities": cities,
        "countries": [(code, locale.territories.get(code, code)) for code in codes],
        "regions": [(code, region_name(code, str(locale))) for code in REGIONS],
        "editions": editions,
    }


def published_entry(commitment_id: int, *, only_for_matching: bool = False) -> Commitment | None:
    """A published public entry of any edition (a past edition's stay readable); with
    ``only_for_matching``, loaded with just what ranking its matches reads."""
    query = sa.select(Commitment).where(
        Commitment.id == commitment_id,
        Commitment.status == Status.PUBLISHED,
        Commitment.is_public.is_(True),
    )
    # (confirmation: the backref of forum/commitments/followup_models.py)
    loads = (selectinload(Commitment.gcm_links), lazyload(Commitment.confirmation))  # type: ignore[attr-defined]
    return db.session.scalar(query.options(*(loads if only_for_matching else LOADED)))


def published_survivor(commitment_id: int) -> int | None:
    """The published public entry a merged one now lives on (after later merges too), or
    None: the address of a duplicate keeps leading readers, and API clients, to it."""
    merged = db.session.get(Commitment, commitment_id)
    survivor = survivor_of(merged.edition_id, commitment_id) if merged else None
    return survivor if survivor is not None and published_entry(survivor) else None
