"""Pages of the demo that take values no URL rule names: a city's page, filtered lists, a
past edition (for the accessibility walks)."""

from __future__ import annotations

import sqlalchemy as sa

from forum.cities.models import City
from forum.commitments.models import Commitment, Status
from forum.extensions import db


def city_pages() -> list[str]:
    """A city with published entries, the list filtered by edition and region, and the
    past edition with a declaration (Berlin 2017)."""
    city = db.session.scalars(
        sa.select(City)
        .join(Commitment, Commitment.city_id == City.id)
        .where(Commitment.status == Status.PUBLISHED)
        .order_by(City.id)
    ).first()
    assert city is not None, "the demo has published entries"
    return [
        f"/cities/{city.country_code.lower()}/{city.slug}",
        "/commitments?edition=5&region=150",
        "/editions/4/",
    ]
