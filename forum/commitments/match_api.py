"""The matches of a need as the public API shows them: only those whose both ends are public,
and never a declined one (a city saying no is not published)."""

from __future__ import annotations

from forum.commitments.match_models import Match, MatchStage
from forum.commitments.match_queries import need_matches
from forum.commitments.models import OfferStatus, Status
from forum.commitments.schemas import MatchLinkOut


def _public(match: Match) -> bool:
    if match.stage is MatchStage.DECLINED:
        return False
    if match.offer is not None:
        return match.offer.status is OfferStatus.PUBLISHED
    action = match.action
    return action is not None and action.status is Status.PUBLISHED and action.is_public


def _out(match: Match) -> MatchLinkOut:
    counterpart = match.offer or match.action
    assert counterpart is not None
    return MatchLinkOut(
        id=match.id,
        type="offer" if match.offer is not None else "action",
        counterpart=counterpart.id,
        title=match.counterpart_title,
        by=match.counterpart_by,
        stage=match.stage,
        need_accepted=match.need_accepted_at is not None,
        offer_accepted=match.offer_accepted_at is not None,
        proposed_at=match.proposed_at,
    )


def made(need_id: int) -> list[MatchLinkOut]:
    """The public matches of a published need, newest first."""
    return [_out(match) for match in need_matches(need_id) if _public(match)]
