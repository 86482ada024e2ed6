"""Small builders of model rows for tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from forum.auth.models import Role, User
from forum.auth.services import create_user
from forum.cities.services import find_or_create_city
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus

ORGANISER = ("org@forum.example", "organiser-password-1")
# A moment inside every edition's windows, for services that take the time.
NOW = datetime(2018, 12, 8, 9, 0, tzinfo=UTC)
STAFF = ("staff@forum.example", "staff-password-123")


def edition(**values: object) -> Edition:
    """The current edition, Marrakech 2018, with open windows unless told otherwise."""
    fields: dict[str, object] = {
        "number": 5,
        "year": 2018,
        "title": "City Leadership in Implementing the UN Global Compacts",
        "city": "Marrakech",
        "country_code": "MA",
        "timezone": "Africa/Casablanca",
        "starts_on": date(2018, 12, 8),
        "ends_on": date(2018, 12, 8),
        "is_current": True,
    }
    fields.update(values)
    row = Edition(**fields)
    db.session.add(row)
    db.session.flush()
    return row


def user(email: str, role: Role = Role.DELEGATE, password: str | None = None) -> User:
    return create_user(email, role, password, display_name=email.split("@")[0])


def organiser() -> User:
    return user(ORGANISER[0], Role.ORGANISER, ORGANISER[1])


def staff() -> User:
    return user(STAFF[0], Role.STAFF, STAFF[1])


def registration(
    edition_row: Edition,
    email: str,
    status: RegistrationStatus = RegistrationStatus.PENDING,
    *,
    confirmed: bool = True,
    category: Category = Category.MAYOR,
    city: tuple[str, str] = ("Freetown", "SL"),
    at: datetime | None = None,
    queued: bool | None = None,
) -> Registration:
    """A registration in the given state, made directly (no e-mail queued).

    A wait-listed one is in the queue for freed places (wait-listed because the forum was
    full) unless ``queued`` is False (wait-listed by an organiser's hand)."""
    at = at or datetime.now(UTC)
    row = Registration(
        edition=edition_row,
        user=user(email),
        given_name="Test",
        family_name=email.split("@")[0],
        category=category,
        position_title="Mayor",
        city=find_or_create_city(*city),
        consented_at=at,
        created_at=at,
        status=status,
        status_changed_at=at,
        email_confirmed_at=at if confirmed else None,
        waitlisted_for_capacity=status is RegistrationStatus.WAITLISTED
        if queued is None
        else queued,
    )
    db.session.add(row)
    db.session.flush()
    return row
