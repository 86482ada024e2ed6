"""Telling the delegates who picked a session that it moved or was cancelled."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum.agenda.models import Session, SessionPerson, SessionSignup, SessionStatus
from forum.extensions import db
from forum.mail.services import queue_email
from forum.registration.links import private_link_token
from forum.registration.models import Registration, RegistrationStatus
from forum.urls import external_url

# What a delegate who picked the session must hear about; other edits stay quiet.
TIME_FIELDS = ("starts_at", "ends_at")
PLACE_FIELDS = ("room_id", "location")
GONE = (RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED)


def what_changed(changed: dict[str, list[object]]) -> list[str]:
    """The kinds of change worth an e-mail: "cancelled", "reinstated", "time", "place"."""
    kinds = []
    status = changed.get("status")
    if status and status[1] is SessionStatus.CANCELLED:
        kinds.append("cancelled")
    elif status:
        kinds.append("reinstated")
    if any(name in changed for name in TIME_FIELDS):
        kinds.append("time")
    if any(name in changed for name in PLACE_FIELDS):
        kinds.append("place")
    return kinds


def tell_signed_up(session: Session, kinds: list[str]) -> int:
    """One e-mail per delegate who picked ``session`` or speaks in it, in their language (one
    each, even for a speaker who also picked it); returns how many."""
    if not kinds:
        return 0
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(_told(session))
        .options(joinedload(Registration.user))
        .order_by(Registration.id)
    ).all()
    speakers = {person.registration_id for person in session.people}
    for registration in registrations:
        queue_email(
            registration.user.email,
            "session_changed",
            locale=registration.user.preferred_locale,
            registration=registration,
            edition=session.edition,
            session=session,
            kinds=kinds,
            speaking=registration.id in speakers,
            link=external_url("agenda.picks", token=private_link_token(registration)),
        )
    return len(registrations)


def _told(session: Session) -> sa.ColumnElement[bool]:
    """Who hears of a change: approved delegates who picked it, and its registered speakers
    (whose registration still stands)."""
    picked = sa.select(SessionSignup.registration_id).where(SessionSignup.session_id == session.id)
    speaking = sa.select(SessionPerson.registration_id).where(
        SessionPerson.session_id == session.id, SessionPerson.registration_id.is_not(None)
    )
    return sa.or_(
        sa.and_(Registration.id.in_(picked), Registration.status == RegistrationStatus.APPROVED),
        sa.and_(Registration.id.in_(speaking), Registration.status.not_in(GONE)),
    )


def signed_up_count(session: Session) -> int:
    """How many delegates (who picked it or speak in it) would hear of a change to ``session``."""
    return int(
        db.session.scalar(
            sa.select(sa.func.count()).select_from(Registration).where(_told(session))
        )
        or 0
    )
