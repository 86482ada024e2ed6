"""Organisers' decisions on registrations, within the edition's capacity, and the wait list."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.auth.models import User
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.changes import settle, waiting_details
from forum.registration.details import apply_details, details_of
from forum.registration.labels import STATUS_LABELS
from forum.registration.lifecycle import notify, set_status
from forum.registration.models import Registration, RegistrationStatus
from forum.validation import Checks, Text

S = RegistrationStatus

# Which states an organiser's decision may move a registration from.
DECISIONS: dict[RegistrationStatus, set[RegistrationStatus]] = {
    S.APPROVED: {S.PENDING, S.WAITLISTED, S.REJECTED},
    S.WAITLISTED: {S.PENDING, S.APPROVED, S.REJECTED},
    S.REJECTED: {S.PENDING, S.WAITLISTED, S.APPROVED},
}
DECISION_EMAILS = {S.APPROVED: "approved", S.WAITLISTED: "waitlisted", S.REJECTED: "rejected"}
MESSAGE = Text(max_length=2000, required=False, multiline=True)


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
    message = checked_message(message)
    if decision not in DECISIONS:
        raise NotAllowed("invalid_decision", _("That is not a decision an organiser can take."))
    # Edition first, then the registration, on every path that changes a status: the state
    # is read inside both locks, so racing decisions (or a withdrawal) run one by one and a
    # repeated one finds its work done.
    edition = lock_row(Edition, registration.edition_id)
    registration = lock_row(Registration, registration.id)
    _check_decision(registration, decision)
    held_place = registration.status is S.APPROVED
    if decision is S.APPROVED and not has_free_place(edition):
        decision = S.WAITLISTED
        if registration.status is S.WAITLISTED:
            return decision
    set_status(registration, decision, actor=actor, now=now, message=message)
    notify(registration, DECISION_EMAILS[decision], message=message)
    if held_place:
        promote_from_waitlist(edition, now=now)
    return decision


def checked_message(message: str) -> str:
    """An organiser's message to the delegate, as it will be sent; InvalidInput otherwise."""
    checks = Checks()
    message = checks.text("message", message, MESSAGE)
    checks.done()
    return message


def _check_decision(registration: Registration, decision: RegistrationStatus) -> None:
    """Refuse a decision that the registration's state does not allow."""
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
        set_status(candidate, S.APPROVED, actor=None, now=now, message="place freed up")
        notify(candidate, "place_offered")
        promoted.append(candidate)
    return promoted


def accept_changes(registration: Registration, *, actor: User, now: datetime) -> None:
    """An organiser accepts the changes an approved delegate asked for; they apply now."""
    registration = lock_row(Registration, registration.id)
    accepted = details_of(registration)
    if registration.pending_changes:
        apply_details(registration, waiting_details(registration, accepted))
        registration.updated_at = now
    settle(registration, actor=actor, accepted=True)


def decline_changes(
    registration: Registration, *, actor: User, now: datetime, message: str = ""
) -> None:
    """An organiser declines them; the registration keeps what was accepted."""
    message = checked_message(message)
    registration = lock_row(Registration, registration.id)
    settle(registration, actor=actor, accepted=False, message=message)
    registration.updated_at = now


def review(
    registration: Registration, *, accept: bool, actor: User, now: datetime, message: str = ""
) -> None:
    """Accept or decline an approved delegate's waiting changes."""
    if accept:
        accept_changes(registration, actor=actor, now=now)
    else:
        decline_changes(registration, actor=actor, now=now, message=message)
