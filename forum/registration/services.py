"""What delegates do with their registration: register, confirm, change, withdraw."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.audit.services import record
from forum.auth.services import find_or_create_delegate, find_user
from forum.cities.services import find_or_create_city
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.registration.decisions import promote_from_waitlist
from forum.registration.details import RegistrationDetails, check_details, check_email
from forum.registration.lifecycle import notify, set_status
from forum.registration.models import Registration, RegistrationStatus

S = RegistrationStatus


class RegistrationClosed(DomainError):
    """The edition does not take registrations now."""


def register(
    edition: Edition, email: str, details: RegistrationDetails, *, locale: str | None, now: datetime
) -> tuple[Registration, bool]:
    """Register ``email`` for ``edition``; a second attempt re-sends the private link.

    Returns the registration and whether it was created now.
    """
    if not edition.registration_is_open(now):
        raise RegistrationClosed("registration_closed", _("Registration is closed."))
    email, details = check_email(email), check_details(details)
    existing = _registration_of(edition, email)
    if existing is not None:
        notify(existing, "link_resent")
        return existing, False
    user = find_or_create_delegate(email, f"{details.given_name} {details.family_name}")
    if locale:
        user.preferred_locale = locale
    registration = Registration(
        edition=edition, user=user, consented_at=now, status=S.PENDING, status_changed_at=now
    )
    _apply_details(registration, details)
    db.session.add(registration)
    db.session.flush()
    record("registration.created", registration, actor=user, status=S.PENDING.value)
    notify(registration, "received")
    return registration, True


def _registration_of(edition: Edition, email: str) -> Registration | None:
    user = find_user(email)
    if user is None:
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.edition_id == edition.id, Registration.user_id == user.id
        )
    )


def registrations_of(user_id: int) -> list[Registration]:
    """A person's registrations, newest first, with their editions loaded."""
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.user_id == user_id)
            .options(sa.orm.joinedload(Registration.edition))
            .order_by(Registration.created_at.desc())
        )
    )


def _apply_details(registration: Registration, details: RegistrationDetails) -> None:
    registration.given_name = details.given_name
    registration.family_name = details.family_name
    registration.category = details.category
    registration.position_title = details.position_title
    registration.organisation = details.organisation
    registration.languages = list(details.languages)
    registration.accessibility_needs = details.accessibility_needs
    registration.dietary_needs = details.dietary_needs
    registration.needs_visa_letter = details.needs_visa_letter
    registration.city = find_or_create_city(details.city_name, details.country_code)


def details_of(registration: Registration) -> RegistrationDetails:
    """The editable details of a registration, to fill a form."""
    return RegistrationDetails(
        given_name=registration.given_name,
        family_name=registration.family_name,
        category=registration.category,
        position_title=registration.position_title,
        city_name=registration.city.name,
        country_code=registration.city.country_code,
        organisation=registration.organisation,
        languages=list(registration.languages),
        accessibility_needs=registration.accessibility_needs,
        dietary_needs=registration.dietary_needs,
        needs_visa_letter=registration.needs_visa_letter,
    )


def confirm_email(registration: Registration, *, now: datetime) -> bool:
    """Record that the delegate opened the private link; False if already confirmed."""
    if registration.email_confirmed_at is not None:
        return False
    registration.email_confirmed_at = now
    record("registration.email_confirmed", registration, actor=registration.user)
    return True


def update_details(
    registration: Registration, details: RegistrationDetails, *, now: datetime
) -> None:
    """Change a delegate's details, until the edition's edit deadline."""
    if not registration.edition.edits_allowed(now):
        raise NotAllowed("edit_deadline_passed", _("The deadline for changes has passed."))
    if registration.status in {S.WITHDRAWN, S.REJECTED}:
        raise NotAllowed("registration_closed", _("This registration can no longer be changed."))
    details = check_details(details)
    before = _snapshot(registration)
    _apply_details(registration, details)
    after = _snapshot(registration)
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changed:
        record("registration.updated", registration, actor=registration.user, changed=changed)


def _snapshot(registration: Registration) -> dict[str, object]:
    details = details_of(registration)
    values = dict(details.__dict__)
    values["category"] = details.category.value
    return values


def withdraw(registration: Registration, *, now: datetime) -> None:
    """The delegate withdraws; a place they held goes to the wait list."""
    if registration.status is S.WITHDRAWN:
        raise NotAllowed("already_withdrawn", _("This registration is already withdrawn."))
    lock_row(Edition, registration.edition_id)
    held_place = registration.status is S.APPROVED
    set_status(registration, S.WITHDRAWN, actor=registration.user, now=now)
    notify(registration, "withdrawn")
    if held_place:
        promote_from_waitlist(registration.edition, now=now)
