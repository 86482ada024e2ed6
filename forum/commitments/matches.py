"""A match's life: proposed (by an organiser from the ranked suggestions, or by a side asking
"connect us"), accepted by each side on its own, introduced once both agree, active, closed or
declined. Every change locks the match and checks its stage inside the lock; repeats do
nothing; every change is audited."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.audit.services import record
from forum.commitments.access import Editor, NotYours, require_organiser
from forum.commitments.introductions import introduce
from forum.commitments.match_models import Match, MatchOrigin, MatchStage, Side
from forum.commitments.models import Commitment, Kind, Offer, OfferStatus, Status
from forum.db import lock_row
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.models import RegistrationStatus

OPEN = {MatchStage.PROPOSED, MatchStage.ACCEPTED, MatchStage.ACTIVE}


def _wrong_stage() -> NotAllowed:
    return NotAllowed("wrong_stage", _("This match is not in a stage that allows this."))


def is_delegate_of(editor: Editor, edition_id: int, city_id: int | None) -> bool:
    """True when the editor is an approved delegate of this city in this edition."""
    registration = editor.registration
    return (
        city_id is not None
        and registration is not None
        and registration.status is RegistrationStatus.APPROVED
        and registration.edition_id == edition_id
        and registration.city_id == city_id
    )


def offer_city_id(match: Match) -> int | None:
    """The city that answers for the offer side, if a city does (else organisers do)."""
    if match.offer is not None:
        return match.offer.city_id
    assert match.action is not None
    return match.action.city_id


def may_act(editor: Editor, match: Match, side: Side) -> bool:
    """The need's city's delegates answer for the need; for the offer side the offering city's
    delegates, or organisers on behalf of an organisation."""
    if side is Side.NEED:
        return is_delegate_of(editor, match.edition_id, match.need.city_id)
    city_id = offer_city_id(match)
    if city_id is None:
        return editor.is_organiser
    return is_delegate_of(editor, match.edition_id, city_id)


def sides_of(editor: Editor, match: Match) -> list[Side]:
    """The sides the editor answers for in this match."""
    return [side for side in Side if may_act(editor, match, side)]


def _counterpart(
    need: Commitment, offer_id: int | None, action_id: int | None
) -> Offer | Commitment:
    """The offer or action to match with the need, once it may be matched."""
    if (offer_id is None) == (action_id is None):
        raise NotAllowed("no_counterpart", _("Choose one offer or one action."))
    if offer_id is not None:
        offer = db.session.get(Offer, offer_id)
        if offer and offer.edition_id == need.edition_id and offer.status is OfferStatus.PUBLISHED:
            return offer
    else:
        action = db.session.get(Commitment, action_id)
        if (
            action is not None
            and (action.edition_id, action.kind, action.status)
            == (need.edition_id, Kind.DOING, Status.PUBLISHED)
            and action.city_id != need.city_id
        ):
            return action
    raise NotAllowed("no_counterpart", _("This offer or action cannot be matched."))


def _existing(need_id: int, offer_id: int | None, action_id: int | None) -> Match | None:
    column = Match.offer_id if offer_id is not None else Match.action_id
    wanted = sa.select(Match.id).where(Match.need_id == need_id, column == (offer_id or action_id))
    found = db.session.scalar(wanted)
    return lock_row(Match, found) if found is not None else None


def propose(
    need_id: int,
    *,
    offer_id: int | None = None,
    action_id: int | None = None,
    editor: Editor,
    now: datetime,
) -> Match:
    """Propose a need and an offer or action; a side asking counts as that side's acceptance,
    and asking again (or for a match already there) adds nothing else."""
    if db.session.get(Commitment, need_id) is None:  # a made-up id: refused, not a 500
        raise NotAllowed("not_a_need", _("Only a published need can be matched."))
    # The need's lock makes two proposals of one pair run one after the other.
    need: Commitment = lock_row(Commitment, need_id)
    if need.kind is not Kind.SUPPORT_NEEDED or need.status is not Status.PUBLISHED:
        raise NotAllowed("not_a_need", _("Only a published need can be matched."))
    counterpart = _counterpart(need, offer_id, action_id)
    match = _existing(need.id, offer_id, action_id) or Match(
        edition_id=need.edition_id, need=need, proposed_at=now, updated_at=now,
        offer=counterpart if isinstance(counterpart, Offer) else None,
        action=counterpart if isinstance(counterpart, Commitment) else None,
    )  # fmt: skip
    side = _asking_side(editor, match)
    if match.id is None:
        match.origin = MatchOrigin.CONNECT_US if side else MatchOrigin.SUGGESTION
        match.proposed_by_side, match.proposed_by_id = side, editor.user.id
        db.session.add(match)
        db.session.flush()
        record("match.proposed", match, actor=editor.user, origin=match.origin.value,
               side=side.value if side else None, need=need.id)  # fmt: skip
    if side is not None and match.stage is MatchStage.PROPOSED:
        _accept(match, side, editor, now)
    return match


def _asking_side(editor: Editor, match: Match) -> Side | None:
    """Which side asks (None: an organiser proposing from the suggestions)."""
    for side in Side:
        if may_act(editor, match, side) and not editor.is_organiser:
            return side
    if editor.is_organiser:
        return None
    raise NotYours(_("Only the cities concerned or organisers can ask for this match."))


def accept(match_id: int, side: Side, *, editor: Editor, now: datetime) -> Match:
    """One side agrees; once both have, the match is accepted and both contacts introduced."""
    match: Match = lock_row(Match, match_id)
    if not may_act(editor, match, side):
        raise NotYours(_("Only this side of the match can answer for it."))
    if match.accepted_by_side(side):
        return match
    if match.stage is not MatchStage.PROPOSED:
        raise _wrong_stage()
    _refuse_withdrawn_ends(match)
    _accept(match, side, editor, now)
    return match


def _refuse_withdrawn_ends(match: Match) -> None:
    """Refuse to agree on a need, offer or action withdrawn (or merged) since it was
    proposed: nobody is introduced about an entry that is gone."""
    if match.need.status is not Status.PUBLISHED:
        raise NotAllowed("not_a_need", _("Only a published need can be matched."))
    counterpart = match.offer or match.action
    published = OfferStatus.PUBLISHED if match.offer is not None else Status.PUBLISHED
    if counterpart is None or counterpart.status is not published:
        raise NotAllowed("no_counterpart", _("This offer or action cannot be matched."))


def _accept(match: Match, side: Side, editor: Editor, now: datetime) -> None:
    if match.accepted_by_side(side):
        return
    if side is Side.NEED:
        match.need_accepted_by_id, match.need_accepted_at = editor.user.id, now
    else:
        match.offer_accepted_by_id, match.offer_accepted_at = editor.user.id, now
    match.updated_at = now
    record("match.accepted", match, actor=editor.user, side=side.value)
    if match.need_accepted_at and match.offer_accepted_at:
        match.stage = MatchStage.ACCEPTED
        db.session.flush()
        if introduce(match, now):
            record("match.introduced", match, actor=editor.user)


def decline(match_id: int, *, editor: Editor, now: datetime) -> Match:
    """A side (or an organiser) says no to a proposed match; a repeat does nothing."""
    match: Match = lock_row(Match, match_id)
    sides = sides_of(editor, match)
    if not sides and not editor.is_organiser:
        raise NotYours(_("Only this side of the match can answer for it."))
    if match.stage is MatchStage.DECLINED:
        return match
    if match.stage is not MatchStage.PROPOSED:
        raise _wrong_stage()
    match.stage, match.declined_at, match.updated_at = MatchStage.DECLINED, now, now
    match.declined_side, match.declined_by_id = (sides[0] if sides else None), editor.user.id
    side = match.declined_side.value if match.declined_side else None
    record("match.declined", match, actor=editor.user, side=side)
    return match


def activate(match_id: int, *, editor: Editor, now: datetime) -> Match:
    """Mark an accepted match as under way (an organiser or either side); a repeat does
    nothing."""
    match: Match = lock_row(Match, match_id)
    if not sides_of(editor, match) and not editor.is_organiser:
        raise NotYours(_("Only this side of the match can answer for it."))
    if match.stage is MatchStage.ACTIVE:
        return match
    if match.stage is not MatchStage.ACCEPTED:
        raise _wrong_stage()
    match.stage, match.activated_at, match.updated_at = MatchStage.ACTIVE, now, now
    record("match.active", match, actor=editor.user)
    return match


def close(match_id: int, *, editor: Editor, now: datetime) -> Match:
    """An organiser closes an accepted or active match; a repeat does nothing."""
    require_organiser(editor)
    match: Match = lock_row(Match, match_id)
    if match.stage is MatchStage.CLOSED:
        return match
    if match.stage not in {MatchStage.ACCEPTED, MatchStage.ACTIVE}:
        raise _wrong_stage()
    before = match.stage
    match.stage, match.closed_at, match.closed_by_id = MatchStage.CLOSED, now, editor.user.id
    match.updated_at = now
    record("match.closed", match, actor=editor.user, before=before.value)
    return match
