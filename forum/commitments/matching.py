"""Who could answer a city's need: published offers and other cities' actions under way,
ranked by what they share with the need (support areas, theme, GCM objectives), with the
reasons said, so people see why a match is proposed."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import lazyload, selectinload

from forum.commitments.labels import AREA_LABELS
from forum.commitments.models import (
    Commitment,
    GcmLink,
    Kind,
    Offer,
    OfferGcmLink,
    OfferStatus,
    Status,
    SupportArea,
)
from forum.commitments.objectives import GCM, titles_here
from forum.extensions import db

# What each shared trait weighs: a shared area of support counts most, as it is what is asked.
AREA_POINTS, OBJECTIVE_POINTS, THEME_POINTS, ANY_THEME_POINTS, LEVEL_POINTS = 4, 2, 2, 1, 1
SHOWN = 5


@dataclass
class Suggestion:
    """An offer or another city's action, its score and the reasons for it."""

    offer: Offer | None = None
    action: Commitment | None = None
    score: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.offer.title if self.offer else self.action.title if self.action else ""


def _shared_points(need: Commitment, areas: list, objectives: list[int]) -> int:
    shared_areas = len(set(need.support_areas) & set(areas))
    return AREA_POINTS * shared_areas + OBJECTIVE_POINTS * len(
        set(need.gcm_objectives) & set(objectives)
    )


def _offer_score(need: Commitment, offer: Offer) -> int:
    score = _shared_points(need, offer.support_areas, offer.gcm_objectives)
    if score == 0:
        return 0  # nothing asked for is offered: theme alone is no match
    if offer.theme_id == need.theme_id:
        score += THEME_POINTS
    elif offer.theme_id is None:
        score += ANY_THEME_POINTS
    if need.partnership_level and offer.partnership_level == need.partnership_level:
        score += LEVEL_POINTS
    return score


def _action_score(need: Commitment, action: Commitment) -> int:
    score = _shared_points(need, [], action.gcm_objectives)
    return score + THEME_POINTS if score and action.theme_id == need.theme_id else score


def _explained(need: Commitment, suggestion: Suggestion, titles: dict[int, str]) -> Suggestion:
    """The suggestion with its reasons said (worked out only for those shown)."""
    offer, other = suggestion.offer, suggestion.offer or suggestion.action
    assert other is not None
    areas = offer.support_areas if offer else []
    reasons = [str(_l("Same support area: %(area)s", area=AREA_LABELS[area]))
               for area in SupportArea if area in need.support_areas and area in areas]  # fmt: skip
    reasons += [
        str(_l("GCM objective %(number)d: %(title)s", number=number, title=titles[number]))
        for number in sorted(set(need.gcm_objectives) & set(other.gcm_objectives))
    ]
    if other.theme_id == need.theme_id:
        reasons.append(str(_l("Same theme")))
    if offer and need.partnership_level and offer.partnership_level == need.partnership_level:
        reasons.append(str(_l("Same partnership level")))
    suggestion.reasons = reasons
    return suggestion


def _public_actions(edition_id: int) -> sa.Select:
    return (
        sa.select(Commitment)
        .where(
            Commitment.edition_id == edition_id,
            Commitment.kind == Kind.DOING,
            Commitment.status == Status.PUBLISHED,
            Commitment.is_public.is_(True),
        )
        .options(
            selectinload(Commitment.gcm_links),
            selectinload(Commitment.city),
            lazyload(Commitment.confirmation),  # type: ignore[attr-defined]  # (a backref)
        )
    )


def published_actions(edition_id: int) -> list[Commitment]:
    """Every city's published public actions under way: read once for a page of many needs."""
    return list(db.session.scalars(_public_actions(edition_id)))


def _actions(need: Commitment, actions: list[Commitment] | None, shown: int) -> list[Commitment]:
    """Other cities' published actions under way sharing an objective with the need: from
    ``actions`` when the caller read them, else the ``shown`` best, ranked by the database
    as ``_action_score`` ranks them (shared objectives, then the same theme, then newest)."""
    if actions is not None:
        return [action for action in actions if action.city_id != need.city_id]
    shared = (
        sa.select(GcmLink.commitment_id, sa.func.count().label("shared"))
        .where(GcmLink.objective.in_(need.gcm_objectives))
        .group_by(GcmLink.commitment_id)
        .subquery()
    )
    theme = sa.case((Commitment.theme_id == need.theme_id, THEME_POINTS), else_=0)
    query = (
        _public_actions(need.edition_id)
        .join(shared, shared.c.commitment_id == Commitment.id)
        .where(Commitment.city_id != need.city_id)
        .order_by((shared.c.shared * OBJECTIVE_POINTS + theme).desc(), Commitment.id.desc())
        .limit(shown)
    )
    return list(db.session.scalars(query))


def _best_offers(need: Commitment, shown: int) -> list[Offer]:
    """The ``shown`` published offers ``_offer_score`` ranks first, ranked by the database
    (an edition may hold hundreds of offers; one need's page shows five)."""
    shared = (
        sa.select(OfferGcmLink.offer_id, sa.func.count().label("shared"))
        .where(OfferGcmLink.objective.in_(need.gcm_objectives))
        .group_by(OfferGcmLink.offer_id)
        .subquery()
    )
    ticked = {
        SupportArea.RESOURCES: Offer.support_resources,
        SupportArea.TOOLS: Offer.support_tools,
        SupportArea.PARTNERSHIPS: Offer.support_partnerships,
    }
    points: sa.ColumnElement[int] = OBJECTIVE_POINTS * sa.func.coalesce(shared.c.shared, 0)
    for area in need.support_areas:
        points = points + sa.case((ticked[area].is_(True), AREA_POINTS), else_=0)
    theme = sa.case(
        (Offer.theme_id == need.theme_id, THEME_POINTS),
        (Offer.theme_id.is_(None), ANY_THEME_POINTS),
        else_=0,
    )
    level = sa.case((Offer.partnership_level == need.partnership_level, LEVEL_POINTS), else_=0)
    score = points + theme + (level if need.partnership_level else 0)
    query = (
        sa.select(Offer)
        .outerjoin(shared, shared.c.offer_id == Offer.id)
        .where(
            Offer.edition_id == need.edition_id,
            Offer.status == OfferStatus.PUBLISHED,
            points > 0,  # nothing asked for is offered: theme alone is no match
        )
        .options(selectinload(Offer.gcm_links))
        .order_by(score.desc(), Offer.id.desc())
        .limit(shown)
    )
    return list(db.session.scalars(query))


def suggestions(
    need: Commitment,
    *,
    shown: int = SHOWN,
    offers: list[Offer] | None = None,
    actions: list[Commitment] | None = None,
) -> list[Suggestion]:
    """The best offers and actions for a need, best first (ties: offers, then newest);
    ``offers`` and ``actions``: the edition's published ones, when the caller has them."""
    if need.kind is not Kind.SUPPORT_NEEDED:
        return []
    if offers is None:
        offers = _best_offers(need, shown)
    found = [Suggestion(offer=offer, score=_offer_score(need, offer)) for offer in offers]
    found += [
        Suggestion(action=action, score=_action_score(need, action))
        for action in _actions(need, actions, shown)
    ]
    ranked = sorted(
        (s for s in found if s.score > 0),
        key=lambda s: (-s.score, s.action is not None, -(s.offer or s.action).id),  # type: ignore[union-attr]
    )
    titles = titles_here(GCM)
    return [_explained(need, s, titles) for s in ranked[:shown]]


def needs_for_action(
    action: Commitment, *, shown: int = SHOWN
) -> list[tuple[Commitment, Suggestion]]:
    """Other cities' published needs an action under way could answer ("we did this, ask
    us"), best first, each with what it shares with the action."""
    if action.kind is not Kind.DOING or action.status is not Status.PUBLISHED:
        return []
    shared = sa.select(GcmLink.commitment_id).where(GcmLink.objective.in_(action.gcm_objectives))
    query = (
        sa.select(Commitment)
        .where(
            Commitment.edition_id == action.edition_id,
            Commitment.kind == Kind.SUPPORT_NEEDED,
            Commitment.status == Status.PUBLISHED,
            Commitment.city_id != action.city_id,
            Commitment.id.in_(shared),
        )
        .options(selectinload(Commitment.gcm_links), selectinload(Commitment.city))
    )
    found = [(need, Suggestion(action=action, score=_action_score(need, action)))
             for need in db.session.scalars(query)]  # fmt: skip
    ranked = sorted(
        (pair for pair in found if pair[1].score > 0), key=lambda p: (-p[1].score, -p[0].id)
    )
    titles = titles_here(GCM)
    return [(need, _explained(need, s, titles)) for need, s in ranked[:shown]]
