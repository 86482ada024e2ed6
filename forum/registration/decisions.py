"""Organisers' decisions on registrations, within the edition's capacity, and the wait list."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask_babel import gettext as _

from forum.auth.models import User
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import NotAllowed
from forum.registration.changes import asked_changes, settle, waiting_details
from forum.registration.details import apply_details, details_of
from forum.registration.labels import STATUS_LABELS
from forum.registration.lifecycle import message_for, notify, set_status
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.waitlist import has_free_place, has_open_offer, offer_freed_place
from forum.validation import Checks, Text
from forum.written import Written, check_written

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
    message_i18n: Mapping[str, str] | None = None,
) -> RegistrationStatus:
    """An organiser approves, wait-lists or rejects; returns the status reached.

    Approving past the edition's capacity wait-lists instead (in the queue for freed
    places); wait-listing by hand keeps the delegate out of that queue. The edition row
    is locked first, so concurrent approvals are counted one after another. The message
    (``message_i18n`` in other languages) is sent in the delegate's language."""
    written = checked_message(registration.edition, message, message_i18n)
    if decision not in DECISIONS:
        raise NotAllowed("invalid_decision", _("That is not a decision an organiser can take."))
    # Edition first, then the registration, on every path that changes a status: the state
    # is read inside both locks, so racing decisions (or a withdrawal) run one by one and a
    # repeated one finds its work done.
    edition = lock_row(Edition, registration.edition_id)
    registration = lock_row(Registration, registration.id)
    _check_decision(registration, decision)
    # A place was held (approved, or offered) and this decision may give it back.
    held_place = registration.status is S.APPROVED or has_open_offer(registration)
    full = decision is S.APPROVED and not has_open_offer(registration)
    full = full and not has_free_place(edition)
    if full and registration.status is S.WAITLISTED:
        return S.WAITLISTED
    if full:
        decision = S.WAITLISTED
    registration.waitlisted_for_capacity = full  # only "full" puts them in the queue
    registration.offer_expires_at = None
    said = message_for(registration, written)
    set_status(registration, decision, actor=actor, now=now, message=said.text)
    notify(registration, DECISION_EMAILS[decision], message=said.text, message_lang=said.language)
    if held_place and decision is not S.APPROVED:
        offer_freed_place(edition, now=now)
    return decision


def checked_message(
    edition: Edition, message: str, message_i18n: Mapping[str, str] | None = None
) -> Written:
    """An organiser's message to delegates in each language written, as it will be sent;
    InvalidInput naming the field (``message`` or ``message_i18n``) otherwise."""
    checks = Checks()
    written = check_written(checks, "message", message, message_i18n, MESSAGE, edition=edition)
    checks.done()
    return written


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


def accept_changes(registration: Registration, *, actor: User, now: datetime) -> None:
    """An organiser accepts the changes an approved delegate asked for; they apply now."""
    registration = lock_row(Registration, registration.id)
    accepted = details_of(registration)
    asked = asked_changes(registration)  # read before they apply: the old values go with them
    if registration.pending_changes:
        apply_details(registration, waiting_details(registration, accepted))
        registration.updated_at = now
    settle(registration, actor=actor, accepted=True, asked=asked)


def decline_changes(
    registration: Registration,
    *,
    actor: User,
    now: datetime,
    message: str = "",
    message_i18n: Mapping[str, str] | None = None,
) -> None:
    """An organiser declines them; the registration keeps what was accepted."""
    written = checked_message(registration.edition, message, message_i18n)
    registration = lock_row(Registration, registration.id)
    said = message_for(registration, written)
    settle(registration, actor=actor, accepted=False, message=said.text, message_lang=said.language)
    registration.updated_at = now


def review(
    registration: Registration,
    *,
    accept: bool,
    actor: User,
    now: datetime,
    message: str = "",
    message_i18n: Mapping[str, str] | None = None,
) -> None:
    """Accept or decline an approved delegate's waiting changes."""
    if accept:
        accept_changes(registration, actor=actor, now=now)
    else:
        decline_changes(
            registration, actor=actor, now=now, message=message, message_i18n=message_i18n
        )
