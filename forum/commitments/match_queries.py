"""Reading matches: a need's, a city's, and the organisers' board by stage."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from forum.commitments.match_models import Match, MatchStage
from forum.commitments.models import Commitment, Kind, Offer, OfferStatus, Status
from forum.extensions import db

# A need with a match in one of these stages has found its help.
AGREED = {MatchStage.ACCEPTED, MatchStage.ACTIVE, MatchStage.CLOSED}


def _loaded(query: sa.Select) -> sa.Select:
    return query.options(
        selectinload(Match.need).selectinload(Commitment.city),
        selectinload(Match.offer),
        selectinload(Match.action).selectinload(Commitment.city),
    ).order_by(Match.proposed_at.desc(), Match.id.desc())


def need_matches(need_id: int) -> list[Match]:
    """Every match of one need, newest first."""
    return list(db.session.scalars(_loaded(sa.select(Match).where(Match.need_id == need_id))))


def stages_by_counterpart(need_id: int) -> dict[tuple[str, int], MatchStage]:
    """Each match of a need's stage, by ("offer", id) or ("action", id) of its counterpart."""
    query = sa.select(Match.offer_id, Match.action_id, Match.stage).where(Match.need_id == need_id)
    return {
        ("offer", offer_id) if offer_id else ("action", action_id or 0): stage
        for offer_id, action_id, stage in db.session.execute(query)
    }


def shown_publicly(match: Match) -> bool:
    """True when the public may see the match: both ends public, and not declined (a city
    saying no is not published)."""
    if match.stage is MatchStage.DECLINED:
        return False
    if match.offer is not None:
        return match.offer.status is OfferStatus.PUBLISHED
    action = match.action
    return action is not None and action.status is Status.PUBLISHED and action.is_public


def public_need_matches(need_id: int) -> list[Match]:
    """The matches of a need the public may see, newest first."""
    return [match for match in need_matches(need_id) if shown_publicly(match)]


def city_matches(edition_id: int, city_id: int) -> list[Match]:
    """The matches a city is a side of (its needs, its actions, its offers), newest first."""
    need, action = aliased(Commitment), aliased(Commitment)
    query = (
        sa.select(Match)
        .join(need, Match.need_id == need.id)
        .outerjoin(action, Match.action_id == action.id)
        .outerjoin(Offer, Match.offer_id == Offer.id)
        .where(
            Match.edition_id == edition_id,
            sa.or_(need.city_id == city_id, action.city_id == city_id, Offer.city_id == city_id),
        )
    )
    return list(db.session.scalars(_loaded(query)))


@dataclass
class Board:
    """The organisers' view: needs still looking for help (no match agreed yet), needs with no
    match at all, and matches by stage."""

    open_needs: list[Commitment] = field(default_factory=list)
    unanswered: list[Commitment] = field(default_factory=list)
    by_stage: dict[MatchStage, list[Match]] = field(default_factory=dict)


def published_needs(edition_id: int) -> list[Commitment]:
    """The edition's published needs, newest first."""
    query = (
        sa.select(Commitment)
        .where(
            Commitment.edition_id == edition_id,
            Commitment.kind == Kind.SUPPORT_NEEDED,
            Commitment.status == Status.PUBLISHED,
        )
        .options(selectinload(Commitment.city), selectinload(Commitment.gcm_links))
        .order_by(Commitment.published_at.desc(), Commitment.id.desc())
    )
    return list(db.session.scalars(query))


def board(edition_id: int) -> Board:
    """Everything the matching board shows, in a few queries."""
    matches = list(
        db.session.scalars(_loaded(sa.select(Match).where(Match.edition_id == edition_id)))
    )
    needs = published_needs(edition_id)
    matched = {match.need_id for match in matches}
    agreed = {match.need_id for match in matches if match.stage in AGREED}
    result = Board(open_needs=[need for need in needs if need.id not in agreed])
    result.unanswered = [need for need in needs if need.id not in matched]
    result.by_stage = {stage: [m for m in matches if m.stage is stage] for stage in MatchStage}
    return result
