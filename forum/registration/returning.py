"""Delegates who come back: their last details offered again, and how many return."""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.details import RegistrationDetails, details_of
from forum.registration.models import Registration, RegistrationStatus

GONE = (RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED)


@dataclass(frozen=True)
class Previous:
    """A person's last registration for another edition, as details for the form."""

    edition: Edition
    details: RegistrationDetails


def previous_details(user_id: int, edition: Edition) -> Previous | None:
    """The details of the person's latest registration for an earlier edition, if any; a
    visa letter is asked for afresh each year."""
    earlier = db.session.scalars(
        sa.select(Registration)
        .join(Edition, Edition.id == Registration.edition_id)
        .where(Registration.user_id == user_id, Edition.number < edition.number)
        .order_by(Edition.number.desc(), Registration.created_at.desc())
        .limit(1)
    ).first()
    if earlier is None:
        return None
    return Previous(earlier.edition, replace(details_of(earlier), needs_visa_letter=False))


@dataclass(frozen=True)
class Returning:
    """How many of an edition's delegates, and of their cities, came to an earlier one."""

    delegates: int
    cities: int


def returning_counts(edition: Edition) -> Returning:
    """Delegates (and cities) of this edition already registered for an earlier edition."""
    return Returning(
        delegates=_returning(edition, "user_id"),
        cities=_returning(edition, "city_id"),
    )


def _returning(edition: Edition, name: str) -> int:
    """How many distinct values of column ``name`` of this edition's registrations appear in
    an earlier edition's."""
    column = getattr(Registration, name)
    before = aliased(Registration)
    seen_before = (
        sa.select(before.id)
        .join(Edition, Edition.id == before.edition_id)
        .where(
            Edition.number < edition.number,
            before.status.not_in(GONE),
            getattr(before, name) == column,
        )
    )
    query = sa.select(sa.func.count(sa.distinct(column))).where(
        Registration.edition_id == edition.id,
        Registration.status.not_in(GONE),
        sa.exists(seen_before),
    )
    return int(db.session.scalar(query) or 0)
