"""A match's life in the services: proposed, accepted side by side, introduced once, under
way, closed or declined; who may answer for which side; repeats that change nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.commitments.access import Editor, NotYours
from forum.commitments.match_models import Match, MatchOrigin, MatchStage, Side
from forum.commitments.matches import accept, activate, close, decline, propose
from forum.errors import NotAllowed
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import delegate, entry
from tests.commitments.match_helpers import outbox, scene

NOW = factories.NOW


def _actions(match: Match) -> list[str]:
    query = sa.select(AuditEvent.action).where(
        AuditEvent.target_type == "Match", AuditEvent.target_id == match.id
    )
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


def test_an_offer_match_goes_from_proposed_to_closed_and_introduces_both_once(ctx):
    s = scene(factories.edition())
    match = propose(s.need.id, offer_id=s.offer.id, editor=s.organiser, now=NOW)
    assert (match.stage, match.origin, match.proposed_by_side) == (
        MatchStage.PROPOSED, MatchOrigin.SUGGESTION, None,
    )  # fmt: skip
    accept(match.id, Side.NEED, editor=s.need_side, now=NOW)
    assert match.stage is MatchStage.PROPOSED and outbox() == []
    assert match.need_accepted_by_id == s.freetown.user_id and match.need_accepted_at == NOW
    accept(match.id, Side.OFFER, editor=s.organiser, now=NOW)
    assert match.stage is MatchStage.ACCEPTED and match.introduced_at == NOW
    mails = outbox()
    assert [m.recipient for m in mails] == ["mayor@freetown.example", "offers@agency.example"]
    # Each in the recipient's language: the delegate's Spanish, the offer's French.
    assert "Presentación" in mails[0].subject and "offers@agency.example" in mails[0].body_text
    assert "Présentation" in mails[1].subject and "mayor@freetown.example" in mails[1].body_text
    activate(match.id, editor=s.need_side, now=NOW)
    close(match.id, editor=s.organiser, now=NOW)
    assert match.stage is MatchStage.CLOSED and match.closed_by_id == s.organiser.user.id
    assert _actions(match) == [
        "match.proposed", "match.accepted", "match.accepted", "match.introduced",
        "match.active", "match.closed",
    ]  # fmt: skip


def test_connect_us_from_the_need_counts_as_its_acceptance_and_the_action_city_completes_it(ctx):
    s = scene(factories.edition())
    match = propose(s.need.id, action_id=s.action.id, editor=s.need_side, now=NOW)
    assert (match.origin, match.proposed_by_side) == (MatchOrigin.CONNECT_US, Side.NEED)
    assert match.need_accepted_at == NOW and match.offer_accepted_at is None
    accept(match.id, Side.OFFER, editor=s.quito_side, now=NOW)
    assert match.stage is MatchStage.ACCEPTED
    assert [m.recipient for m in outbox()] == ["mayor@freetown.example", "alcalde@quito.example"]


def test_the_acting_city_can_ask_first(ctx):
    s = scene(factories.edition())
    match = propose(s.need.id, action_id=s.action.id, editor=s.quito_side, now=NOW)
    assert match.proposed_by_side is Side.OFFER and match.offer_accepted_at == NOW
    assert match.stage is MatchStage.PROPOSED and outbox() == []


def test_repeats_change_nothing_and_send_nothing_more(ctx):
    s = scene(factories.edition())
    first = propose(s.need.id, offer_id=s.offer.id, editor=s.need_side, now=NOW)
    again = propose(s.need.id, offer_id=s.offer.id, editor=s.need_side, now=NOW)
    assert again.id == first.id
    accept(first.id, Side.NEED, editor=s.need_side, now=NOW)
    accept(first.id, Side.OFFER, editor=s.organiser, now=NOW)
    accept(first.id, Side.OFFER, editor=s.organiser, now=NOW)
    accept(first.id, Side.NEED, editor=s.need_side, now=NOW)
    propose(s.need.id, offer_id=s.offer.id, editor=s.organiser, now=NOW)
    activate(first.id, editor=s.organiser, now=NOW)
    activate(first.id, editor=s.organiser, now=NOW)
    assert len(outbox()) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 1
    assert _actions(first) == [
        "match.proposed",
        "match.accepted",
        "match.accepted",
        "match.introduced",
        "match.active",
    ]


def test_another_citys_delegate_cannot_answer_for_either_side(ctx):
    s = scene(factories.edition())
    lagos = Editor(user=(r := delegate(s.edition, "l@lagos.example", city=("Lagos", "NG"))).user,
                   registration=r)  # fmt: skip
    match = propose(s.need.id, action_id=s.action.id, editor=s.organiser, now=NOW)
    for side in Side:
        with pytest.raises(NotYours):
            accept(match.id, side, editor=lagos, now=NOW)
    with pytest.raises(NotYours):
        accept(match.id, Side.OFFER, editor=s.need_side, now=NOW)  # Quito answers for Quito
    with pytest.raises(NotYours):
        accept(match.id, Side.NEED, editor=s.organiser, now=NOW)  # the city answers for itself
    with pytest.raises(NotYours):
        decline(match.id, editor=lagos, now=NOW)
    with pytest.raises(NotYours):
        propose(s.need.id, offer_id=s.offer.id, editor=lagos, now=NOW)
    with pytest.raises(NotYours):
        close(match.id, editor=s.need_side, now=NOW)
    assert match.need_accepted_at is None and match.offer_accepted_at is None


def test_an_offer_of_a_city_is_answered_by_that_citys_delegates_not_by_organisers(ctx):
    s = scene(factories.edition())
    s.offer.city_id = s.quito.city_id
    match = propose(s.need.id, offer_id=s.offer.id, editor=s.organiser, now=NOW)
    with pytest.raises(NotYours):
        accept(match.id, Side.OFFER, editor=s.organiser, now=NOW)
    accept(match.id, Side.OFFER, editor=s.quito_side, now=NOW)
    assert match.offer_accepted_by_id == s.quito.user_id


def test_declined_matches_stay_declined_and_wrong_steps_are_refused(ctx):
    s = scene(factories.edition())
    match = propose(s.need.id, offer_id=s.offer.id, editor=s.organiser, now=NOW)
    with pytest.raises(NotAllowed):
        activate(match.id, editor=s.organiser, now=NOW)  # not accepted by both yet
    with pytest.raises(NotAllowed):
        close(match.id, editor=s.organiser, now=NOW)
    decline(match.id, editor=s.need_side, now=NOW)
    decline(match.id, editor=s.need_side, now=NOW)
    assert (match.stage, match.declined_side) == (MatchStage.DECLINED, Side.NEED)
    with pytest.raises(NotAllowed):
        accept(match.id, Side.OFFER, editor=s.organiser, now=NOW)
    assert outbox() == [] and _actions(match).count("match.declined") == 1


def test_only_published_needs_and_eligible_counterparts_are_matched(ctx):
    s = scene(factories.edition())
    draft = entry(s.edition, s.freetown, gcm_objectives=[1])
    with pytest.raises(NotAllowed):
        propose(draft.id, offer_id=s.offer.id, editor=s.organiser, now=NOW)
    with pytest.raises(NotAllowed):
        propose(s.action.id, offer_id=s.offer.id, editor=s.organiser, now=NOW)  # not a need
    own = entry(s.edition, s.freetown, published=True, kind="doing", support_areas=[])
    with pytest.raises(NotAllowed):
        propose(s.need.id, action_id=own.id, editor=s.organiser, now=NOW)  # the city's own
    with pytest.raises(NotAllowed):
        propose(s.need.id, offer_id=s.offer.id, action_id=s.action.id, editor=s.organiser,
                now=NOW)  # fmt: skip
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 0


def test_a_match_whose_need_or_counterpart_was_withdrawn_cannot_be_accepted_or_introduced(ctx):
    from forum.commitments.models import OfferStatus
    from forum.commitments.offers import move_offer
    from forum.commitments.services import withdraw

    s = scene(factories.edition())
    need_gone = propose(s.need.id, action_id=s.action.id, editor=s.need_side, now=NOW)
    offer_gone = propose(s.need.id, offer_id=s.offer.id, editor=s.need_side, now=NOW)
    other_need = entry(s.edition, s.freetown, published=True, gcm_objectives=[1], title="Jobs")
    action_gone = propose(other_need.id, action_id=s.action.id, editor=s.quito_side, now=NOW)
    withdraw(s.need.id, editor=s.need_side, now=NOW)
    move_offer(s.offer.id, OfferStatus.WITHDRAWN, editor=s.organiser, now=NOW)
    with pytest.raises(NotAllowed):
        accept(need_gone.id, Side.OFFER, editor=s.quito_side, now=NOW)
    with pytest.raises(NotAllowed):
        accept(offer_gone.id, Side.OFFER, editor=s.organiser, now=NOW)
    withdraw(s.action.id, editor=s.quito_side, now=NOW)
    with pytest.raises(NotAllowed):
        accept(action_gone.id, Side.NEED, editor=s.need_side, now=NOW)
    assert [m.stage for m in (need_gone, offer_gone, action_gone)] == [MatchStage.PROPOSED] * 3
    assert outbox() == []
