"""Endorsing the declaration: who may sign for a city, one endorsement per city, withdrawals."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum.audit.services import record
from forum.auth.models import User
from forum.cities.models import City
from forum.db import lock_row
from forum.editions.models import Edition
from forum.endorsements.models import (
    Declaration,
    Endorsement,
    EndorsementMethod,
    SigningAuthorisation,
    WindowOverride,
)
from forum.endorsements.notify import notify_endorsed
from forum.errors import DomainError, InvalidInput, NotAllowed
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus
from forum.validation import Checks, Text

# A city or region is represented by its mayor or leader; others need an organiser's word.
LEADER_CATEGORIES = {Category.MAYOR, Category.REGIONAL_GOVERNMENT}
SIGNATORY_NAME = Text(max_length=200)
SIGNATORY_TITLE = Text(max_length=200)
REASON = Text(max_length=2000, multiline=True)


class EndorseStatus(enum.Enum):
    """The desk API's answers (``status``)."""

    ELIGIBLE = "eligible"
    OK = "ok"
    ALREADY_ENDORSED = "already_endorsed"
    NOT_ELIGIBLE = "not_eligible"
    WINDOW_CLOSED = "window_closed"
    UNKNOWN = "unknown"
    REVOKED = "revoked"


class EndorsementRefused(DomainError):
    """The endorsement cannot be recorded; ``existing`` names the city's earlier one."""

    def __init__(self, status: EndorseStatus, message: str, existing: Endorsement | None = None):
        super().__init__(status.value, message)
        self.endorse_status = status
        self.existing = existing


def declaration_of(edition: Edition) -> Declaration | None:
    """The edition's declaration (the most recent one if there are several), which knows
    its edition without another query (the session's identity map only holds it weakly)."""
    declaration = (
        db.session.scalars(
            sa.select(Declaration)
            .where(Declaration.edition_id == edition.id)
            .options(joinedload(Declaration.texts))
            .order_by(Declaration.id.desc())
        )
        .unique()
        .first()
    )
    if declaration is not None:
        set_committed_value(declaration, "edition", edition)
    return declaration


def is_authorised(declaration: Declaration, registration: Registration) -> bool:
    """True when an organiser let this delegate sign for their city."""
    return (
        db.session.scalar(
            sa.select(SigningAuthorisation.id).where(
                SigningAuthorisation.declaration_id == declaration.id,
                SigningAuthorisation.registration_id == registration.id,
            )
        )
        is not None
    )


def signing_authorised(registration: Registration) -> bool:
    """True when an organiser let this delegate sign for their city on the edition's
    declaration (other areas ask through ``app.extensions``; see init_app)."""
    declaration = declaration_of(registration.edition)
    return declaration is not None and is_authorised(declaration, registration)


def eligibility_problem(declaration: Declaration, registration: Registration) -> str | None:
    """Why this delegate may not sign for their city, or None when they may."""
    if registration.edition_id != declaration.edition_id:
        return _("This delegate is registered for another edition.")
    if registration.status is not RegistrationStatus.APPROVED:
        return _("Only approved delegates can endorse.")
    if registration.category in LEADER_CATEGORIES or is_authorised(declaration, registration):
        return None
    return _(
        "Only the mayor or leader, or a delegate the organisers authorised, can sign for a city."
    )


def standing_endorsement(declaration: Declaration, city_id: int) -> Endorsement | None:
    """The city's endorsement that has not been withdrawn, if any."""
    return db.session.scalar(
        sa.select(Endorsement).where(
            Endorsement.declaration_id == declaration.id,
            Endorsement.city_id == city_id,
            Endorsement.withdrawn_at.is_(None),
        )
    )


def endorse(
    declaration: Declaration,
    registration: Registration,
    *,
    method: EndorsementMethod,
    name: str,
    title: str,
    now: datetime,
) -> Endorsement:
    """Record the city's endorsement; the city row is locked so that only one can stand."""
    name, title = _checked_signatory(name, title)
    if not declaration.is_open(now):
        raise EndorsementRefused(
            EndorseStatus.WINDOW_CLOSED, _("The declaration is not open for endorsement.")
        )
    problem = eligibility_problem(declaration, registration)
    if problem is not None:
        raise EndorsementRefused(EndorseStatus.NOT_ELIGIBLE, problem)
    lock_row(City, registration.city_id)
    _refuse_if_endorsed(declaration, registration.city_id)
    endorsement = Endorsement(
        declaration=declaration,
        city_id=registration.city_id,
        registration=registration,
        signatory_name=name,
        signatory_title=title,
        method=method,
        endorsed_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(endorsement)
    except IntegrityError:
        _refuse_if_endorsed(declaration, registration.city_id)  # the unique index caught a race
        raise
    record("endorsement.created", endorsement, actor=registration.user, method=method.value)
    return endorsement


def _checked_signatory(name: str, title: str) -> tuple[str, str]:
    """The signatory's name and title as they will be printed; InvalidInput otherwise."""
    checks = Checks()
    name = checks.text("name", name, SIGNATORY_NAME)
    title = checks.text("title", title, SIGNATORY_TITLE)
    checks.done()
    return name, title


def endorse_online_for(
    declaration: Declaration, registration: Registration, *, name: str, title: str, now: datetime
) -> Endorsement:
    """A delegate endorses online for their city; the confirmation e-mail goes with it."""
    endorsement = endorse(
        declaration, registration, method=EndorsementMethod.ONLINE, name=name, title=title, now=now
    )
    notify_endorsed(endorsement)
    return endorsement


def _refuse_if_endorsed(declaration: Declaration, city_id: int) -> None:
    existing = standing_endorsement(declaration, city_id)
    if existing is not None:
        raise EndorsementRefused(
            EndorseStatus.ALREADY_ENDORSED,
            _(
                "%(city)s endorsed already, signed by %(name)s.",
                city=existing.city.name,
                name=existing.signatory_name,
            ),
            existing,
        )


def withdraw(endorsement: Endorsement, *, actor: User, reason: str, now: datetime) -> None:
    """An organiser withdraws an endorsement; the reason is required and audited."""
    checks = Checks()
    reason = checks.text("reason", reason, REASON)
    checks.done()
    if endorsement.withdrawn_at is not None:
        raise NotAllowed("already_withdrawn", _("This endorsement is already withdrawn."))
    endorsement.withdrawn_at = now
    endorsement.withdrawn_by_id = actor.id
    endorsement.withdrawal_reason = reason
    record("endorsement.withdrawn", endorsement, actor=actor, reason=endorsement.withdrawal_reason)


def authorise(
    declaration: Declaration, registration: Registration, *, actor: User, now: datetime
) -> SigningAuthorisation:
    """Let a delegate sign for their city (recorded: who authorised, when)."""
    existing = db.session.scalar(
        sa.select(SigningAuthorisation).where(
            SigningAuthorisation.declaration_id == declaration.id,
            SigningAuthorisation.registration_id == registration.id,
        )
    )
    if existing is not None:
        return existing
    authorisation = SigningAuthorisation(
        declaration_id=declaration.id,
        registration=registration,
        authorised_by=actor,
        authorised_at=now,
    )
    db.session.add(authorisation)
    db.session.flush()
    record(
        "endorsement.signatory_authorised", registration, actor=actor, declaration_id=declaration.id
    )
    return authorisation


def revoke_authorisation(authorisation: SigningAuthorisation, *, actor: User) -> None:
    """Take back a signing authorisation (an endorsement already made stands)."""
    record("endorsement.authorisation_revoked", authorisation.registration, actor=actor)
    db.session.delete(authorisation)


def set_window(
    declaration: Declaration,
    override: WindowOverride,
    *,
    actor: User,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
) -> None:
    """Open or close the window by hand, or let the times decide."""
    if opens_at and closes_at and closes_at <= opens_at:
        raise InvalidInput({"closes_at": _("The window must close after it opens.")})
    declaration.override = override
    if override is WindowOverride.AUTO:
        declaration.opens_at, declaration.closes_at = opens_at, closes_at
    record(
        "declaration.window",
        declaration,
        actor=actor,
        override=override.value,
        opens_at=opens_at.isoformat() if opens_at else None,
        closes_at=closes_at.isoformat() if closes_at else None,
    )
