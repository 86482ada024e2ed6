"""The demo's matches: one at every stage, each a need and its best suggestion, as organisers
and cities would have moved them along in 2019 (written directly, no e-mail is queued)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from forum.auth.models import Role, User
from forum.commitments.match_models import Match, MatchOrigin, MatchStage, Side
from forum.commitments.match_queries import published_needs
from forum.commitments.matching import Suggestion, suggestions
from forum.commitments.models import Commitment
from forum.editions.models import Edition
from forum.extensions import db

FIRST = datetime(2019, 2, 4, 10, tzinfo=UTC)
# (stage, origin, whether the need's city asked): the board shows one of each.
SCRIPT = [
    (MatchStage.PROPOSED, MatchOrigin.SUGGESTION, False),
    (MatchStage.PROPOSED, MatchOrigin.CONNECT_US, True),
    (MatchStage.ACCEPTED, MatchOrigin.CONNECT_US, True),
    (MatchStage.ACTIVE, MatchOrigin.SUGGESTION, False),
    (MatchStage.CLOSED, MatchOrigin.SUGGESTION, False),
    (MatchStage.DECLINED, MatchOrigin.SUGGESTION, False),
]


def seed_matches(edition: Edition) -> int:
    """Add the demo's matches to the edition's published needs; how many were added."""
    db.session.flush()
    organiser = db.session.scalar(
        sa.select(User).where(User.role == Role.ORGANISER).order_by(User.id).limit(1)
    )
    needs = [need for need in published_needs(edition.id) if suggestions(need, shown=1)]
    for index, (need, step) in enumerate(zip(needs, SCRIPT, strict=False)):
        ranked = suggestions(need)
        # The one under way is a city's "we did this, ask us", when the need has one.
        best = next((s for s in ranked if s.action), ranked[0]) if index == 3 else ranked[0]
        db.session.add(_match(need, best, step, organiser, FIRST + timedelta(days=20 * index)))
    return min(len(needs), len(SCRIPT))


def _match(
    need: Commitment,
    best: Suggestion,
    step: tuple[MatchStage, MatchOrigin, bool],
    organiser: User | None,
    when: datetime,
) -> Match:
    stage, origin, need_asked = step
    need_user = need.contact.user_id if need.contact else None
    offer_user = best.action.contact.user_id if best.action and best.action.contact else None
    offer_user = offer_user or (organiser.id if organiser else None)
    match = Match(
        edition_id=need.edition_id, need_id=need.id, offer=best.offer, action=best.action,
        stage=stage, origin=origin, proposed_by_side=Side.NEED if need_asked else None,
        proposed_by_id=need_user if need_asked else (organiser.id if organiser else None),
        proposed_at=when, updated_at=when,
    )  # fmt: skip
    if need_asked or stage in {MatchStage.ACCEPTED, MatchStage.ACTIVE, MatchStage.CLOSED}:
        match.need_accepted_by_id, match.need_accepted_at = need_user, when + timedelta(days=1)
    if stage in {MatchStage.ACCEPTED, MatchStage.ACTIVE, MatchStage.CLOSED}:
        match.offer_accepted_by_id, match.offer_accepted_at = offer_user, when + timedelta(days=6)
        match.introduced_at = match.offer_accepted_at
    if stage in {MatchStage.ACTIVE, MatchStage.CLOSED}:
        match.activated_at = when + timedelta(days=30)
    if stage is MatchStage.CLOSED:
        match.closed_at = when + timedelta(days=300)
        match.closed_by_id = organiser.id if organiser else None
    if stage is MatchStage.DECLINED:
        match.declined_side, match.declined_by_id = Side.OFFER, offer_user
        match.declined_at = when + timedelta(days=4)
    return match
