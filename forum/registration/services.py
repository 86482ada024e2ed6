"""What delegates do with their registration: register, confirm, change, withdraw."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from forum.audit.services import record
from forum.auth.services import find_or_create_delegate, find_user
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.registration.changes import ask_for_review, held_for_review
from forum.registration.details import (
    RegistrationDetails,
    apply_details,
    check_details,
    check_email,
    details_of,
)
from forum.registration.lifecycle import notify, set_status
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.waitlist import has_open_offer, offer_freed_place

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
    name = f"{details.given_name} {details.family_name}"
    user = find_or_create_delegate(email, name, locale=locale)
    registration = Registration(
        edition=edition, user=user, consented_at=now, status=S.PENDING, status_changed_at=now
    )
    apply_details(registration, details)
    try:
        with db.session.begin_nested():  # a parallel request may register them first
            db.session.add(registration)
    except IntegrityError:
        existing = _registration_of(edition, email)
        if existing is None:
            raise
        notify(existing, "link_resent")
        return existing, False
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


def confirm_email(registration: Registration, *, now: datetime) -> bool:
    """Record that the delegate opened the private link; False if already confirmed."""
    if registration.email_confirmed_at is not None:
        return False
    registration.email_confirmed_at = now
    record("registration.email_confirmed", registration, actor=registration.user)
    return True


def update_details(
    registration: Registration, details: RegistrationDetails, *, now: datetime
) -> dict[str, str]:
    """Change a delegate's details, until the edition's edit deadline; returns the changes
    that wait for an organiser's review (who they represent, once approved)."""
    if not registration.edition.edits_allowed(now):
        raise NotAllowed("edit_deadline_passed", _("The deadline for changes has passed."))
    if registration.status in {S.WITHDRAWN, S.REJECTED}:
        raise NotAllowed("registration_closed", _("This registration can no longer be changed."))
    registration = lock_row(Registration, registration.id)
    accepted = details_of(registration)
    details, waiting = held_for_review(registration, accepted, check_details(details))
    before = _snapshot(registration)
    apply_details(registration, details)
    after = _snapshot(registration)
    changed = {key: [before[key], after[key]] for key in after if before[key] != after[key]}
    if changed:
        record("registration.updated", registration, actor=registration.user, changed=changed)
    if waiting:
        ask_for_review(registration, accepted, waiting, now=now)
    return waiting


def _snapshot(registration: Registration) -> dict[str, object]:
    details = details_of(registration)
    values = dict(details.__dict__)
    values["category"] = details.category.value
    return values


def withdraw(registration: Registration, *, now: datetime) -> None:
    """The delegate withdraws; a place they held goes to the wait list."""
    lock_row(Edition, registration.edition_id)  # the order every status change takes
    registration = lock_row(Registration, registration.id)
    if registration.status is S.WITHDRAWN:
        raise NotAllowed("already_withdrawn", _("This registration is already withdrawn."))
    held_place = registration.status is S.APPROVED or has_open_offer(registration)
    registration.offer_expires_at = None
    set_status(registration, S.WITHDRAWN, actor=registration.user, now=now)
    notify(registration, "withdrawn")
    if held_place:  # one withdrawal frees one place, offered to the next in line
        offer_freed_place(registration.edition, now=now)
