"""Demo data: the 5th forum, Marrakech 2018, with delegates in every status."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from forum.agenda.demo import seed_programme
from forum.audit.services import record
from forum.auth.models import Role, User
from forum.auth.services import create_user
from forum.badges.services import issue_badge
from forum.cities.services import find_or_create_city, match_key
from forum.commitments.demo import seed_commitments
from forum.demo_archive import seed_archive
from forum.demo_data import (
    CITIES,
    DEMO_CAPACITY,
    DEMO_EDITION_NUMBER,
    EDITIONS,
    FAMILY,
    GIVEN,
    ORGANISATIONS,
    POSITIONS,
    STATUS_MIX,
)
from forum.editions.models import Edition
from forum.editions.services import make_current
from forum.endorsements.demo import seed_declaration
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus

DEMO_COMMITMENT_CITIES = 18
DEMO_LOGINS = {
    "organiser": ("organiser@forum.example", "demo-organiser-2018"),
    "staff": ("staff@forum.example", "demo-staff-2018"),
}


def seed_demo(delegates: int = 40) -> bool:
    """Create the demo editions, logins and delegates; False if they exist already."""
    if db.session.scalar(sa.select(Edition).where(Edition.number == DEMO_EDITION_NUMBER)):
        return False
    editions = [_edition(*row) for row in EDITIONS]
    demo = editions[DEMO_EDITION_NUMBER - 1]
    make_current(demo)
    for role, (email, password) in DEMO_LOGINS.items():
        create_user(email, Role(role), password, display_name=f"Demo {role}")
    _delegates(demo, delegates)
    seed_programme(demo, now=datetime.now(UTC))
    seed_declaration(demo, opens_at=datetime(2018, 12, 8, 15, 30, tzinfo=UTC))
    cities = [
        find_or_create_city(name, country) for name, country in CITIES[:DEMO_COMMITMENT_CITIES]
    ]
    seed_commitments(demo, cities, now=datetime.now(UTC))
    seed_archive(editions[3], demo, now=datetime.now(UTC))
    return True


def _edition(
    number: int,
    year: int,
    city: str,
    country: str,
    starts: date,
    ends: date,
    zone: str,
    outcome: str,
    title: str,
) -> Edition:
    edition = Edition(
        number=number,
        year=year,
        city=city,
        country_code=country,
        starts_on=starts,
        ends_on=ends,
        timezone=zone,
        outcome_document=outcome,
        title=title,
    )
    if number == DEMO_EDITION_NUMBER:
        edition.venue = "Palais des Congrès, Marrakech"
        edition.capacity = DEMO_CAPACITY
        # Windows left open-ended so every flow can be tried whatever today's date.
        edition.registration_opens_at = datetime(2018, 9, 1, tzinfo=UTC)
    db.session.add(edition)
    return edition


def _statuses(count: int) -> list[RegistrationStatus]:
    statuses: list[RegistrationStatus] = []
    for status, share in STATUS_MIX:
        statuses += [status] * round(count * share)
    return (statuses + [RegistrationStatus.PENDING] * count)[:count]


def _delegates(edition: Edition, count: int) -> None:
    rng = random.Random(2018)  # noqa: S311 - demo data, not security
    registered = datetime(2018, 10, 1, 9, tzinfo=UTC)
    categories = list(POSITIONS)
    for index, status in enumerate(_statuses(count)):
        given, family = GIVEN[index % len(GIVEN)], FAMILY[(index * 7) % len(FAMILY)]
        city_name, country = CITIES[index % len(CITIES)]
        category = Category.MAYOR if index % 3 == 0 else rng.choice(categories)
        email = f"{_slug(given)}.{_slug(family)}.{index}@example.org"
        user = User(
            email=email,
            display_name=f"{given} {family}",
            role=Role.DELEGATE,
            preferred_locale=rng.choice(["en", "fr", "es"]),
        )
        at = registered + timedelta(hours=7 * index)
        registration = Registration(
            edition=edition,
            user=user,
            given_name=given,
            family_name=family,
            category=category,
            position_title=POSITIONS[category],
            organisation=rng.choice(ORGANISATIONS.get(category, [f"City of {city_name}"])),
            city=find_or_create_city(city_name, country),
            languages=rng.sample(["en", "fr", "es", "ar"], k=rng.randint(1, 3)),
            needs_visa_letter=rng.random() < 0.2,
            consented_at=at,
            created_at=at,
            status=status,
            status_changed_at=at + timedelta(days=2),
            email_confirmed_at=None if status is RegistrationStatus.PENDING and index % 2 else at,
        )
        db.session.add(registration)
        db.session.flush()
        record("registration.created", registration, actor=user, status=status.value, demo=True)
        if status is RegistrationStatus.APPROVED:
            issue_badge(registration, now=at)


def _slug(name: str) -> str:
    return "-".join(match_key(name).split())
