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
from forum.editions.models import Edition
from forum.editions.services import make_current
from forum.endorsements.demo import seed_declaration
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus

DEMO_LOGINS = {
    "organiser": ("organiser@forum.example", "demo-organiser-2018"),
    "staff": ("staff@forum.example", "demo-staff-2018"),
}

# number, year, city, country, starts, ends, timezone, outcome document, title
EDITIONS = [
    (
        1,
        2014,
        "Barcelona",
        "ES",
        date(2014, 6, 19),
        date(2014, 6, 20),
        "Europe/Madrid",
        "Call of Barcelona",
        "Mayoral Forum on Mobility, Migration and Development",
    ),
    (
        2,
        2015,
        "Quito",
        "EC",
        date(2015, 11, 12),
        date(2015, 11, 13),
        "America/Guayaquil",
        "Quito Local Agenda on Migration and Development",
        "Mayoral Forum on Mobility, Migration and Development",
    ),
    (
        3,
        2016,
        "Quezon City",
        "PH",
        date(2016, 9, 29),
        date(2016, 9, 30),
        "Asia/Manila",
        "Quezon City Commitment to Action",
        "Mayoral Forum on Mobility, Migration and Development",
    ),
    (
        4,
        2017,
        "Berlin",
        "DE",
        date(2017, 6, 26),
        date(2017, 6, 27),
        "Europe/Berlin",
        "Mayoral Declaration on Migrants and Refugees",
        "Mayoral Forum on Mobility, Migration and Development",
    ),
    (
        5,
        2018,
        "Marrakech",
        "MA",
        date(2018, 12, 8),
        date(2018, 12, 8),
        "Africa/Casablanca",
        "Marrakech Mayors Declaration – Cities Working Together for Migrants and Refugees",
        "City Leadership in Implementing the UN Global Compacts",
    ),
    (
        6,
        2020,
        "Quito",
        "EC",
        date(2020, 1, 22),
        date(2020, 1, 22),
        "America/Guayaquil",
        "",
        "Mayoral Forum on Human Mobility, Migration and Development",
    ),
]
DEMO_EDITION_NUMBER = 5
DEMO_CAPACITY = 60

CITIES = [
    ("Marrakech", "MA"),
    ("Rabat", "MA"),
    ("Barcelona", "ES"),
    ("Quito", "EC"),
    ("Quezon City", "PH"),
    ("Berlin", "DE"),
    ("Montréal", "CA"),
    ("Freetown", "SL"),
    ("Kampala", "UG"),
    ("Amman", "JO"),
    ("Beirut", "LB"),
    ("Athens", "GR"),
    ("Milan", "IT"),
    ("Los Angeles", "US"),
    ("Mexico City", "MX"),
    ("São Paulo", "BR"),
    ("Bogotá", "CO"),
    ("Dhaka North", "BD"),
    ("Gaziantep", "TR"),
    ("Accra", "GH"),
    ("Dakar", "SN"),
    ("Tunis", "TN"),
    ("Zürich", "CH"),
    ("Łódź", "PL"),
    ("Nairobi", "KE"),
    ("Montevideo", "UY"),
    ("Bristol", "GB"),
    ("Helsinki", "FI"),
    ("Grenoble", "FR"),
    ("Mechelen", "BE"),
]
GIVEN = [
    "Amina",
    "Ada",
    "Yvonne",
    "Valérie",
    "Mohamed",
    "Giuseppe",
    "Nguyễn Thị",
    "Fatou",
    "Eric",
    "Ahmed",
    "Jorge",
    "Sadiq",
    "María José",
    "Ayşe",
    "Kwame",
    "Ingrid",
    "Bart",
    "Li Wei",
    "Olumide",
    "Sophie",
    "Tomasz",
    "Leila",
    "Rafael",
    "Hana",
]
FAMILY = [
    "El Idrissi",
    "Colau",
    "Aki-Sawyerr",
    "Plante",
    "Sefiani",
    "Sala",
    "Hương",
    "Diop",
    "Garcetti",
    "Atiq",
    "Yunda",
    "Khan",
    "Rodríguez",
    "Şahin",
    "Mensah",
    "Larsen",
    "Somers",
    "Zhang",
    "Bamidele",
    "Martin",
    "Zieliński",
    "Haddad",
    "Alves",
    "Novák",
]
POSITIONS = {
    Category.MAYOR: "Mayor",
    Category.DEPUTY_MAYOR: "Deputy Mayor for Social Affairs",
    Category.CITY_OFFICIAL: "Head of the Migration Office",
    Category.REGIONAL_GOVERNMENT: "President of the Regional Council",
    Category.UN_AGENCY: "Programme Officer",
    Category.CITY_NETWORK: "Policy Advisor",
    Category.CIVIL_SOCIETY: "Coordinator",
    Category.ACADEMIA: "Professor of Urban Studies",
}
ORGANISATIONS = {
    Category.UN_AGENCY: ["IOM", "UNHCR", "UN-Habitat", "UNITAR", "UNDP"],
    Category.CITY_NETWORK: ["UCLG", "Metropolis", "Mayors Migration Council"],
}
# Shares of the demo delegates in each status, in the order they are handed out.
STATUS_MIX = [
    (RegistrationStatus.APPROVED, 0.5),
    (RegistrationStatus.PENDING, 0.2),
    (RegistrationStatus.WAITLISTED, 0.1),
    (RegistrationStatus.REJECTED, 0.1),
    (RegistrationStatus.WITHDRAWN, 0.1),
]


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
