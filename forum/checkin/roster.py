"""What scanners download to keep answering when the network drops, and name search."""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum.agenda.models import Session, SessionSignup
from forum.badges.models import Badge, code_hash
from forum.badges.services import qr_text
from forum.checkin.models import CheckIn, ScanStatus
from forum.checkin.schemas import DelegateMatch, Roster, RosterEntry
from forum.db import utcnow
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.cards import delegate_card
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.search import matches


def roster(edition: Edition, key: str, session: Session | None) -> Roster:
    """Every badge of the edition by code hash, with the answer a scanner may give offline."""
    badges = db.session.scalars(
        sa.select(Badge)
        .join(Badge.registration)
        .where(Registration.edition_id == edition.id)
        .options(joinedload(Badge.registration).joinedload(Registration.city))
    ).all()
    admitted = set(
        db.session.scalars(
            sa.select(CheckIn.badge_id).where(
                CheckIn.checkpoint == key, CheckIn.status == ScanStatus.OK
            )
        )
    )
    signed_up = _signed_up_registrations(session)
    return Roster(
        edition=edition.number,
        checkpoint=key,
        generated_at=utcnow(),
        requires_signup=session is not None and session.capacity is not None,
        entries=[_entry(b, b.id in admitted, signed_up) for b in badges],
    )


def _signed_up_registrations(session: Session | None) -> set[int]:
    if session is None:
        return set()
    return set(
        db.session.scalars(
            sa.select(SessionSignup.registration_id).where(SessionSignup.session_id == session.id)
        )
    )


def _entry(badge: Badge, admitted: bool, signed_up: set[int]) -> RosterEntry:
    registration = badge.registration
    state: Literal["approved", "revoked", "not_approved"] = "approved"
    if badge.is_revoked:
        state = "revoked"
    elif registration.status is not RegistrationStatus.APPROVED:
        state = "not_approved"
    return RosterEntry(
        hash=code_hash(badge.code),
        state=state,
        admitted=admitted,
        signed_up=registration.id in signed_up,
        **delegate_card(registration).model_dump(),
    )


def search_delegates(edition: Edition, query: str, limit: int = 20) -> list[DelegateMatch]:
    """Approved delegates with an active badge holding every word of ``query`` (any order)."""
    rows = db.session.scalars(
        sa.select(Badge)
        .join(Badge.registration)
        .where(
            Registration.edition_id == edition.id,
            Registration.status == RegistrationStatus.APPROVED,
            Badge.revoked_at.is_(None),
            matches(query),
        )
        .options(joinedload(Badge.registration).joinedload(Registration.city))
        .order_by(Registration.family_name, Registration.given_name)
        .limit(limit)
    ).all()
    return [
        DelegateMatch(code=qr_text(b), **delegate_card(b.registration).model_dump()) for b in rows
    ]
