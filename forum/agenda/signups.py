"""Delegates picking sessions: never past a session's capacity, with a warning on overlaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.agenda.models import Session, SessionKind, SessionSignup, SessionSource
from forum.agenda.queries import signup_count
from forum.audit.services import record
from forum.db import lock_row
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus, new_calendar_secret

NOT_PICKABLE_KINDS = {SessionKind.BREAK, SessionKind.MEAL, SessionKind.REGISTRATION}


@dataclass
class SignupResult:
    """A new sign-up and the sessions already picked that overlap it."""

    signup: SessionSignup
    overlaps: list[Session] = field(default_factory=list)


def is_pickable(session: Session) -> bool:
    """True for forum sessions delegates may add to their programme."""
    return (
        session.source is SessionSource.FORUM
        and session.kind not in NOT_PICKABLE_KINDS
        and session.is_published
    )


def picked_sessions(registration: Registration) -> list[Session]:
    """The sessions a delegate picked, in time order."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .join(SessionSignup, SessionSignup.session_id == Session.id)
            .where(SessionSignup.registration_id == registration.id)
            .order_by(Session.starts_at, Session.id)
        )
    )


def has_picked(registration: Registration, session: Session) -> bool:
    """True when the delegate has a place in ``session``."""
    return (
        db.session.scalar(
            sa.select(SessionSignup.id).where(
                SessionSignup.registration_id == registration.id,
                SessionSignup.session_id == session.id,
            )
        )
        is not None
    )


def registration_for(user_id: int, edition_id: int) -> Registration | None:
    """The registration a signed-in person holds for an edition, if any."""
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.user_id == user_id, Registration.edition_id == edition_id
        )
    )


def sign_up(registration: Registration, session: Session, *, now: datetime) -> SignupResult:
    """Give the delegate a place in ``session``; the registration and the session rows are
    locked while they are checked and the places counted (a withdrawal or a cancellation
    committed meanwhile counts)."""
    registration = lock_row(Registration, registration.id)
    session = lock_row(Session, session.id)
    _check_may_pick(registration, session)
    existing = db.session.scalar(
        sa.select(SessionSignup).where(
            SessionSignup.registration_id == registration.id, SessionSignup.session_id == session.id
        )
    )
    if existing is not None:
        return SignupResult(existing)
    if session.capacity is not None and signup_count(session.id) >= session.capacity:
        raise NotAllowed("session_full", _("This session is full."))
    overlaps = [
        s for s in picked_sessions(registration) if s.overlaps(session) and not s.is_cancelled
    ]
    signup = SessionSignup(registration=registration, session=session, created_at=now)
    db.session.add(signup)
    db.session.flush()
    record("signup.created", registration, actor=registration.user, session_id=session.id)
    return SignupResult(signup, overlaps)


def _check_may_pick(registration: Registration, session: Session) -> None:
    if registration.status is not RegistrationStatus.APPROVED:
        raise NotAllowed("not_approved", _("Only approved delegates can pick sessions."))
    if session.edition_id != registration.edition_id or not is_pickable(session):
        raise NotAllowed("not_pickable", _("This item cannot be picked."))
    if session.is_cancelled:
        raise NotAllowed("session_cancelled", _("This session is cancelled."))


def cancel_signup(registration: Registration, session: Session) -> bool:
    """Give a place back; False when the delegate had none."""
    deleted = db.session.execute(
        sa.delete(SessionSignup).where(
            SessionSignup.registration_id == registration.id, SessionSignup.session_id == session.id
        )
    )
    if deleted.rowcount:  # type: ignore[attr-defined]
        record("signup.cancelled", registration, actor=registration.user, session_id=session.id)
        return True
    return False


def reset_calendar_secret(registration: Registration) -> None:
    """A new personal calendar address; the old one stops working."""
    registration.calendar_secret = new_calendar_secret()
    record("calendar.reset", registration, actor=registration.user)


def registration_by_calendar_secret(secret: str) -> Registration | None:
    """The registration whose personal feed this secret opens."""
    return db.session.scalar(sa.select(Registration).where(Registration.calendar_secret == secret))
