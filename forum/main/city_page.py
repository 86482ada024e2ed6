"""What a city's public page shows: where it is, the editions its delegates came to, the
declarations it endorsed and its published entries across the years. Nothing here names a
delegate: the public lists show who endorsed by city, and so does this page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from forum.cities.models import City
from forum.cities.regions import region_code, region_name, subregion_code
from forum.commitments.models import Commitment, Status
from forum.commitments.progress import Staleness, staleness
from forum.commitments.queries import LOADED
from forum.editions.models import Edition
from forum.endorsements.models import Declaration, Endorsement, WindowOverride
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class Participation:
    """One edition the city's delegates took part in, and how many of them."""

    edition: Edition
    delegates: int


@dataclass(frozen=True)
class Entry:
    """A published entry and how fresh its reporting is."""

    commitment: Commitment
    staleness: Staleness


@dataclass(frozen=True)
class CityPage:
    """Everything the page shows, gathered in a fixed number of queries."""

    city: City
    region: str
    subregion: str
    participation: list[Participation]
    endorsements: list[Endorsement]
    entries: list[Entry]


def participation(city: City) -> list[Participation]:
    """The editions with approved registrations of the city, latest first, counted."""
    query = (
        sa.select(Edition, sa.func.count(Registration.id))
        .join(Registration, Registration.edition_id == Edition.id)
        .where(
            Registration.city_id == city.id,
            Registration.status == RegistrationStatus.APPROVED,
        )
        .group_by(Edition.id)
        .order_by(Edition.number.desc())
    )
    return [Participation(edition, count) for edition, count in db.session.execute(query)]


def endorsements(city: City, *, now: datetime) -> list[Endorsement]:
    """The city's standing endorsements of declarations put to the cities (as the editions'
    public pages list them), latest edition first."""
    put_to_cities = sa.or_(
        Declaration.override == WindowOverride.OPEN,
        sa.and_(Declaration.opens_at.is_not(None), Declaration.opens_at <= now),
    )
    query = (
        sa.select(Endorsement)
        .join(Declaration, Declaration.id == Endorsement.declaration_id)
        .join(Edition, Edition.id == Declaration.edition_id)
        .where(Endorsement.city_id == city.id, Endorsement.withdrawn_at.is_(None), put_to_cities)
        .options(joinedload(Endorsement.declaration).selectinload(Declaration.texts))
        .order_by(Edition.number.desc(), Endorsement.endorsed_at)
    )
    return list(db.session.scalars(query).unique())


def entries(city: City, *, now: datetime) -> list[Entry]:
    """The city's published public entries of every edition: latest edition first, then by
    theme and kind."""
    query = (
        sa.select(Commitment)
        .join(Edition, Edition.id == Commitment.edition_id)
        .where(
            Commitment.city_id == city.id,
            Commitment.status == Status.PUBLISHED,
            Commitment.is_public.is_(True),
        )
        .options(*LOADED, selectinload(Commitment.edition))
        .order_by(Edition.number.desc(), Commitment.theme_id, Commitment.kind, Commitment.id)
    )
    found = []
    for row in db.session.scalars(query):
        latest = row.latest_update
        colour = staleness(latest.reported_on if latest else None, row.published_at, now)
        found.append(Entry(row, colour))
    return found


def city_page(city: City, *, locale: str, now: datetime) -> CityPage:
    """The city's page at ``now``, its region named in ``locale``."""
    region, subregion = region_code(city.country_code), subregion_code(city.country_code)
    return CityPage(
        city=city,
        region=region_name(region, locale) if region else "",
        subregion=region_name(subregion, locale) if subregion else "",
        participation=participation(city),
        endorsements=endorsements(city, now=now),
        entries=entries(city, now=now),
    )
