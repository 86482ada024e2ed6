"""The registration lifecycle: register, confirm, decide, withdraw, and the wait list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from forum.agenda.feeds import programme_invitation
from forum.audit.services import record
from forum.auth.models import User
from forum.auth.services import find_or_create_delegate, find_user
from forum.badges.printing import badge_pdf, printable_badge
from forum.badges.services import ensure_badge, revoke_badges
from forum.cities.services import find_or_create_city
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.mail.services import Attachment, queue_email
from forum.registration.labels import STATUS_LABELS
from forum.registration.models import Category, Registration, RegistrationStatus
from forum.urls import external_url

LINK_SALT = "registration-private-link"
S = RegistrationStatus

# Which states an organiser's decision may move a registration from.
DECISIONS: dict[RegistrationStatus, set[RegistrationStatus]] = {
    S.APPROVED: {S.PENDING, S.WAITLISTED, S.REJECTED},
    S.WAITLISTED: {S.PENDING, S.APPROVED, S.REJECTED},
    S.REJECTED: {S.PENDING, S.WAITLISTED, S.APPROVED},
}
DECISION_EMAILS = {S.APPROVED: "approved", S.WAITLISTED: "waitlisted", S.REJECTED: "rejected"}


@dataclass
class RegistrationDetails:
    """What a delegate tells us about themselves (everything but the e-mail)."""

    given_name: str
    family_name: str
    category: Category
    position_title: str
    city_name: str
    country_code: str
    organisation: str = ""
    languages: list[str] = field(default_factory=list)
    accessibility_needs: str = ""
    dietary_needs: str = ""
    needs_visa_letter: bool = False


class RegistrationClosed(DomainError):
    """The edition does not take registrations now."""


def private_link_token(registration: Registration) -> str:
    """The secret token in a registration's private link."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT).dumps(
        registration.id
    )


def registration_from_token(token: str) -> Registration | None:
    """The registration a private-link token belongs to, or None for a bad token."""
    try:
        registration_id = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT).loads(
            token
        )
    except BadSignature:
        return None
    if not isinstance(registration_id, int):
        return None
    return db.session.get(Registration, registration_id)


def private_link(registration: Registration) -> str:
    """The absolute private link of a registration, for e-mails."""
    return external_url("registration.manage", token=private_link_token(registration))


def _notify(registration: Registration, template: str, **context: object) -> None:
    queue_email(
        registration.user.email,
        template,
        locale=registration.user.preferred_locale,
        attachments=_attachments_for(registration, template),
        registration=registration,
        edition=registration.edition,
        link=private_link(registration),
        programme_link=external_url("picks.index", token=private_link_token(registration)),
        **context,
    )


def _attachments_for(registration: Registration, template: str) -> list[Attachment]:
    """Welcome e-mails carry the programme, ready to open in any calendar, and the badge."""
    if template not in {"approved", "place_offered"}:
        return []
    attachments = [programme_invitation(registration)]
    # _set_status issued the badge before this e-mail was queued.
    badge = printable_badge(registration)
    if badge is not None:
        pdf = badge_pdf(badge, locale=registration.user.preferred_locale)
        attachments.append(Attachment("badge.pdf", "application/pdf", pdf))
    return attachments


def register(
    edition: Edition, email: str, details: RegistrationDetails, *, locale: str | None, now: datetime
) -> tuple[Registration, bool]:
    """Register ``email`` for ``edition``; a second attempt re-sends the private link.

    Returns the registration and whether it was created now.
    """
    if not edition.registration_is_open(now):
        raise RegistrationClosed("registration_closed", _("Registration is closed."))
    existing = _registration_of(edition, email)
    if existing is not None:
        _notify(existing, "link_resent")
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
    _notify(registration, "received")
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
    _set_status(registration, S.WITHDRAWN, actor=registration.user, now=now)
    _notify(registration, "withdrawn")
    if held_place:
        promote_from_waitlist(registration.edition, now=now)


def decide(
    registration: Registration,
    decision: RegistrationStatus,
    *,
    actor: User,
    now: datetime,
    message: str = "",
) -> RegistrationStatus:
    """An organiser approves, wait-lists or rejects; returns the status reached.

    Approving past the edition's capacity wait-lists instead. The edition row is
    locked first, so concurrent approvals are counted one after another.
    """
    if decision not in DECISIONS:
        raise NotAllowed("invalid_decision", _("That is not a decision an organiser can take."))
    if registration.status not in DECISIONS[decision]:
        raise NotAllowed(
            "invalid_transition",
            _(
                "A registration that is %(status)s cannot be moved there.",
                status=STATUS_LABELS[registration.status],
            ),
        )
    if decision is S.APPROVED and registration.email_confirmed_at is None:
        raise NotAllowed(
            "email_unconfirmed", _("The delegate has not confirmed their e-mail address yet.")
        )
    edition = lock_row(Edition, registration.edition_id)
    held_place = registration.status is S.APPROVED
    if decision is S.APPROVED and not has_free_place(edition):
        decision = S.WAITLISTED
        if registration.status is S.WAITLISTED:
            return decision
    _set_status(registration, decision, actor=actor, now=now, message=message)
    _notify(registration, DECISION_EMAILS[decision], message=message)
    if held_place:
        promote_from_waitlist(edition, now=now)
    return decision


def has_free_place(edition: Edition) -> bool:
    """True when approving one more delegate keeps within the edition's capacity."""
    if edition.capacity is None:
        return True
    return approved_count(edition) < edition.capacity


def approved_count(edition: Edition) -> int:
    """How many registrations of the edition are approved."""
    return (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Registration)
            .where(Registration.edition_id == edition.id, Registration.status == S.APPROVED)
        )
        or 0
    )


def promote_from_waitlist(edition: Edition, *, now: datetime) -> list[Registration]:
    """Give free places to wait-listed delegates, first come first served, and tell them.

    The caller holds the edition's lock.
    """
    promoted = []
    while has_free_place(edition):
        candidate = db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.edition_id == edition.id,
                Registration.status == S.WAITLISTED,
                Registration.email_confirmed_at.is_not(None),
            )
            .order_by(Registration.status_changed_at, Registration.id)
            .limit(1)
        ).first()
        if candidate is None:
            break
        _set_status(candidate, S.APPROVED, actor=None, now=now, message="place freed up")
        _notify(candidate, "place_offered")
        promoted.append(candidate)
    return promoted


def _set_status(
    registration: Registration,
    status: RegistrationStatus,
    *,
    actor: User | None,
    now: datetime,
    message: str = "",
) -> None:
    before = registration.status
    registration.status = status
    registration.status_changed_at = now
    db.session.flush()
    record(
        f"registration.{status.value}",
        registration,
        actor=actor,
        before=before.value,
        after=status.value,
        message=message,
    )
    # Only an approved delegate holds a working badge.
    if status is S.APPROVED:
        ensure_badge(registration, now=now)
    elif before is S.APPROVED:
        revoke_badges(registration, now=now)
