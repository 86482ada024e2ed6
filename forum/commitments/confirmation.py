"""The mayor's confirmation of a city's entry: who may give it follows the declaration's rule
(the mayor or leader, or a delegate the organisers authorised to sign for the city)."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _

from forum.audit.services import record
from forum.commitments.access import NotYours
from forum.commitments.followup_models import Confirmation
from forum.commitments.models import Commitment, Status
from forum.db import lock_row
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus

# As for the declaration: a city is represented by its mayor or leader.
LEADER_CATEGORIES = {Category.MAYOR, Category.REGIONAL_GOVERNMENT}
CONFIRMABLE = {Status.SUBMITTED, Status.PUBLISHED}
# The endorsements area (same layer, so not imported) answers "did an organiser authorise
# this delegate to sign for the city?" through this app extension; see its init_app.
SIGNING_AUTHORISED = "forum.signing_authorised"


def may_sign_for_city(registration: Registration) -> bool:
    """True for an approved mayor or leader, or a delegate authorised to sign."""
    if registration.status is not RegistrationStatus.APPROVED:
        return False
    if registration.category in LEADER_CATEGORIES:
        return True
    authorised = current_app.extensions.get(SIGNING_AUTHORISED)
    return bool(authorised and authorised(registration))


def may_confirm(registration: Registration | None, commitment: Commitment) -> bool:
    """True when this delegate may confirm this entry now (for the entry page's button)."""
    return (
        registration is not None
        and commitment.confirmation is None  # type: ignore[attr-defined]
        and commitment.status in CONFIRMABLE
        and (registration.edition_id, registration.city_id)
        == (commitment.edition_id, commitment.city_id)
        and may_sign_for_city(registration)
    )


def confirm(commitment_id: int, registration: Registration, *, now: datetime) -> Confirmation:
    """The city's mayor (or authorised delegate) confirms a submitted or published entry;
    confirming again does nothing."""
    commitment: Commitment = lock_row(Commitment, commitment_id)
    if (registration.edition_id, registration.city_id) != (
        commitment.edition_id,
        commitment.city_id,
    ):
        raise NotYours()
    if not may_sign_for_city(registration):
        raise NotAllowed(
            "not_signatory",
            _("Only the mayor or leader, or a delegate authorised to sign, can confirm."),
        )
    existing = db.session.get(Confirmation, commitment.id)
    if existing is not None:
        return existing
    if commitment.status not in CONFIRMABLE:
        raise NotAllowed("wrong_status", _("Only a submitted or published entry is confirmed."))
    confirmation = Confirmation(
        commitment_id=commitment.id,
        registration_id=registration.id,
        confirmed_at=now,
        version=commitment.version,
    )
    db.session.add(confirmation)
    db.session.flush()
    db.session.refresh(commitment, ["confirmation"])
    record("commitment.confirmed", commitment, actor=registration.user, version=commitment.version)
    return confirmation


def unconfirm(commitment: Commitment) -> None:
    """The city changed its entry: the mayor's confirmation was of the words before, so it
    goes (organisers' corrections keep it)."""
    confirmation = db.session.get(Confirmation, commitment.id)
    if confirmation is not None:
        db.session.delete(confirmation)
        db.session.flush()
        db.session.expire(commitment, ["confirmation"])
        record("commitment.unconfirmed", commitment, actor=None, by=confirmation.registration_id)
