"""The endorsement desk: a badge scan names the signatory; a confirmation records it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from forum.badges.models import Badge
from forum.badges.services import parse_qr_text
from forum.endorsements.models import Declaration, DeskRequest, Endorsement, EndorsementMethod
from forum.endorsements.notify import notify_endorsed
from forum.endorsements.services import (
    EndorsementRefused,
    EndorseStatus,
    eligibility_problem,
    endorse,
    standing_endorsement,
)
from forum.extensions import db
from forum.registration.cards import delegate_json
from forum.registration.models import Registration

MESSAGES = {
    EndorseStatus.UNKNOWN: "This is not a badge of this forum.",
    EndorseStatus.REVOKED: "This badge was replaced or cancelled.",
}


def _badge_holder(declaration: Declaration, text: str) -> Registration | EndorseStatus:
    content = parse_qr_text(text) if len(text) <= 200 else None
    if content is None or content.edition_number != declaration.edition.number:
        return EndorseStatus.UNKNOWN
    badge = db.session.scalar(sa.select(Badge).where(Badge.code == content.code))
    if badge is None or badge.registration.edition_id != declaration.edition_id:
        return EndorseStatus.UNKNOWN
    if badge.is_revoked:
        return EndorseStatus.REVOKED
    return badge.registration


def preview(declaration: Declaration, text: str, *, now: datetime) -> dict[str, object]:
    """Who the badge names and whether they may sign now; writes nothing."""
    holder = _badge_holder(declaration, text)
    if isinstance(holder, EndorseStatus):
        return {"status": holder.value, "message": MESSAGES[holder]}
    answer = {"delegate": delegate_json(holder), "position_title": holder.position_title}
    existing = standing_endorsement(declaration, holder.city_id)
    if existing is not None:
        return {**answer, **_already(existing)}
    if not declaration.is_open(now):
        return {
            **answer,
            "status": EndorseStatus.WINDOW_CLOSED.value,
            "message": "The declaration is not open.",
        }
    problem = eligibility_problem(declaration, holder)
    if problem is not None:
        return {**answer, "status": EndorseStatus.NOT_ELIGIBLE.value, "message": problem}
    return {**answer, "status": "eligible", "message": "May sign for the city."}


def _already(existing: Endorsement) -> dict[str, object]:
    return {
        "status": EndorseStatus.ALREADY_ENDORSED.value,
        "message": f"{existing.city.name} endorsed already.",
        "endorsed_by": existing.signatory_name,
        "endorsed_at": existing.endorsed_at.isoformat(),
    }


def endorse_at_desk(
    declaration: Declaration, text: str, nonce: str, *, now: datetime, title: str | None = None
) -> dict[str, object]:
    """Record an on-site endorsement; the same nonce again returns the first answer."""
    replay = _replayed(nonce)
    if replay is not None:
        return replay
    answer = _decide(declaration, text, now=now, title=title)
    try:
        with db.session.begin_nested():
            db.session.add(DeskRequest(nonce=nonce, response=answer, created_at=now))
    except IntegrityError:
        replay = _replayed(nonce)
        if replay is None:
            raise
        return replay
    return answer


def _replayed(nonce: str) -> dict[str, object] | None:
    row = db.session.scalar(sa.select(DeskRequest).where(DeskRequest.nonce == nonce))
    return dict(row.response) if row is not None else None


def _decide(
    declaration: Declaration, text: str, *, now: datetime, title: str | None
) -> dict[str, object]:
    holder = _badge_holder(declaration, text)
    if isinstance(holder, EndorseStatus):
        return {"status": holder.value, "message": MESSAGES[holder]}
    answer: dict[str, object] = {"delegate": delegate_json(holder)}
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
            return {**answer, **_already(refusal.existing)}
        return {**answer, "status": refusal.endorse_status.value, "message": refusal.message}
    notify_endorsed(endorsement)
    return {
        **answer,
        "status": EndorseStatus.OK.value,
        "message": f"{endorsement.city.name} has endorsed the declaration.",
        "endorsed_at": endorsement.endorsed_at.isoformat(),
    }
