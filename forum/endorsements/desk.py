"""The endorsement desk: a badge scan names the signatory; a confirmation records it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.orm import joinedload

from forum.badges.models import Badge
from forum.badges.services import parse_qr_text
from forum.db import insert_skipping_conflicts
from forum.endorsements.models import Declaration, DeskRequest, Endorsement, EndorsementMethod
from forum.endorsements.notify import notify_endorsed
from forum.endorsements.schemas import DeskAnswer
from forum.endorsements.services import (
    EndorsementRefused,
    EndorseStatus,
    eligibility_problem,
    endorse,
    standing_endorsement,
)
from forum.extensions import db
from forum.registration.cards import DelegateCard, delegate_card
from forum.registration.models import Registration

MESSAGES = {
    EndorseStatus.UNKNOWN: "This is not a badge of this forum.",
    EndorseStatus.REVOKED: "This badge was replaced or cancelled.",
}


def _badge_holder(declaration: Declaration, text: str) -> Registration | EndorseStatus:
    content = parse_qr_text(text) if len(text) <= 200 else None
    if content is None or content.edition_number != declaration.edition.number:
        return EndorseStatus.UNKNOWN
    # The holder's city and account come in the same query: the answer and the e-mail need them.
    holder = joinedload(Badge.registration)
    badge = db.session.scalar(
        sa.select(Badge)
        .where(Badge.code == content.code)
        .options(holder.joinedload(Registration.city), holder.joinedload(Registration.user))
    )
    if badge is None or badge.registration.edition_id != declaration.edition_id:
        return EndorseStatus.UNKNOWN
    if badge.is_revoked:
        return EndorseStatus.REVOKED
    return badge.registration


def preview(declaration: Declaration, text: str, *, now: datetime) -> DeskAnswer:
    """Who the badge names and whether they may sign now; writes nothing."""
    holder = _badge_holder(declaration, text)
    if isinstance(holder, EndorseStatus):
        return DeskAnswer(status=holder, message=MESSAGES[holder])
    card, title = delegate_card(holder), holder.position_title
    existing = standing_endorsement(declaration, holder.city_id)
    if existing is not None:
        return _already(existing, card, title)
    if not declaration.is_open(now):
        return DeskAnswer(
            status=EndorseStatus.WINDOW_CLOSED,
            message="The declaration is not open.",
            delegate=card,
            position_title=title,
        )
    problem = eligibility_problem(declaration, holder)
    status = EndorseStatus.ELIGIBLE if problem is None else EndorseStatus.NOT_ELIGIBLE
    message = problem or "May sign for the city."
    return DeskAnswer(status=status, message=message, delegate=card, position_title=title)


def _commitment_url(city_id: int) -> str | None:
    """The desk's next step for a city that endorsed: record a commitment (the commitments
    area's staff page, named by endpoint only: that area is not imported here)."""
    endpoint = "commitments_admin.desk_entry"
    return url_for(endpoint, city_id=city_id) if endpoint in current_app.view_functions else None


def _already(
    existing: Endorsement, card: DelegateCard, position_title: str | None = None
) -> DeskAnswer:
    return DeskAnswer(
        status=EndorseStatus.ALREADY_ENDORSED,
        message=f"{existing.city.name} endorsed already.",
        delegate=card,
        position_title=position_title,
        endorsed_by=existing.signatory_name,
        endorsed_at=existing.endorsed_at,
        commitment_url=_commitment_url(existing.city_id),
    )


def endorse_at_desk(
    declaration: Declaration, text: str, nonce: str, *, now: datetime, title: str | None = None
) -> DeskAnswer:
    """Record an on-site endorsement; the same nonce again returns the first answer."""
    replay = _replayed(nonce)
    if replay is not None:
        return replay
    answer = _decide(declaration, text, now=now, title=title)
    row = {"nonce": nonce, "response": answer.model_dump(mode="json"), "created_at": now}
    stored = db.session.execute(
        insert_skipping_conflicts(DeskRequest).values(row).returning(DeskRequest.id)
    ).first()
    if stored is None:  # the same nonce, answered meanwhile by a request that won the race
        replay = _replayed(nonce)
        if replay is None:
            raise RuntimeError("A desk request's nonce conflicted, yet no answer is stored.")
        return replay
    return answer


def _replayed(nonce: str) -> DeskAnswer | None:
    row = db.session.scalar(sa.select(DeskRequest).where(DeskRequest.nonce == nonce))
    return DeskAnswer.model_validate(row.response) if row is not None else None


def _decide(declaration: Declaration, text: str, *, now: datetime, title: str | None) -> DeskAnswer:
    holder = _badge_holder(declaration, text)
    if isinstance(holder, EndorseStatus):
        return DeskAnswer(status=holder, message=MESSAGES[holder])
    card = delegate_card(holder)
    try:
        endorsement = endorse(
            declaration,
            holder,
            method=EndorsementMethod.ON_SITE,
            name=holder.full_name,
            title=(title or holder.position_title).strip()[:200],
            now=now,
        )
    except EndorsementRefused as refusal:
        if refusal.existing is not None:
            return _already(refusal.existing, card)
        return DeskAnswer(status=refusal.endorse_status, message=refusal.message, delegate=card)
    notify_endorsed(endorsement)
    return DeskAnswer(
        status=EndorseStatus.OK,
        message=f"{endorsement.city.name} has endorsed the declaration.",
        delegate=card,
        endorsed_at=endorsement.endorsed_at,
        commitment_url=_commitment_url(endorsement.city_id),
    )
