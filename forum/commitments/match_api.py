"""The matches of a need as the public API shows them (those the public may see)."""

from __future__ import annotations

from forum.commitments.match_models import Match
from forum.commitments.match_queries import public_need_matches
from forum.commitments.schemas import MatchLinkOut
from forum.translated import localized


def _out(match: Match, lang: str | None) -> MatchLinkOut:
    counterpart = match.offer or match.action
    assert counterpart is not None
    title = localized(counterpart, "title", lang)  # an offer has no translations: its own
    return MatchLinkOut(
        id=match.id,
        type="offer" if match.offer is not None else "action",
        counterpart=counterpart.id,
        title=title.text,
        title_lang=title.language,
        by=match.counterpart_by,
        stage=match.stage,
        need_accepted=match.need_accepted_at is not None,
        offer_accepted=match.offer_accepted_at is not None,
        proposed_at=match.proposed_at,
    )


def made(need_id: int, lang: str | None = None) -> list[MatchLinkOut]:
    """The public matches of a published need, newest first (actions' titles in ``lang``)."""
    return [_out(match, lang) for match in public_need_matches(need_id)]
