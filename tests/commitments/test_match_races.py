"""Both sides accepting at the same moment (real threads, the real database): the match is
accepted once and the two contacts are introduced once; many "connect us" clicks make one
match."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from flask import Flask

from forum.audit.models import AuditEvent
from forum.auth.models import User
from forum.commitments.access import Editor
from forum.commitments.match_models import Match, MatchStage, Side
from forum.commitments.matches import accept, propose
from forum.extensions import db
from forum.registration.models import Registration
from tests import factories
from tests.commitments.match_helpers import outbox, scene
from tests.test_races import run_at_once


def _editor(registration_id: int | None, user_id: int) -> Editor:
    registration = db.session.get(Registration, registration_id) if registration_id else None
    user = db.session.get(User, user_id)
    assert user is not None
    return Editor(user=user, registration=registration)


def _accept(app: Flask, match_id: int, side: Side, who: tuple[int | None, int]) -> str:
    with app.app_context():
        accept(match_id, side, editor=_editor(*who), now=factories.NOW)
        db.session.commit()
        return "done"


def _introduced(match_id: int) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).where(
                AuditEvent.target_type == "Match",
                AuditEvent.target_id == match_id,
                AuditEvent.action == "match.introduced",
            )
        )
        or 0
    )


def test_both_sides_accepting_at_once_introduce_the_contacts_once(app: Flask):
    with app.app_context():
        s = scene(factories.edition())
        match = propose(s.need.id, action_id=s.action.id, editor=s.organiser, now=factories.NOW)
        db.session.commit()
        match_id = match.id
        sides = [(Side.NEED, (s.freetown.id, s.freetown.user_id)),
                 (Side.OFFER, (s.quito.id, s.quito.user_id))] * 3  # fmt: skip
    results = run_at_once(6, lambda i: _accept(app, match_id, sides[i][0], sides[i][1]))
    assert results == ["done"] * 6
    with app.app_context():
        match = db.session.get(Match, match_id)
        assert match.stage is MatchStage.ACCEPTED
        assert _introduced(match_id) == 1
        assert Counter(m.recipient for m in outbox()) == {
            "mayor@freetown.example": 1, "alcalde@quito.example": 1,
        }  # fmt: skip


def _connect(app: Flask, need_id: int, offer_id: int, who: tuple[int | None, int]) -> int:
    with app.app_context():
        match = propose(need_id, offer_id=offer_id, editor=_editor(*who), now=factories.NOW)
        db.session.commit()
        return match.id


def test_five_connect_us_clicks_at_once_make_one_match(app: Flask):
    with app.app_context():
        s = scene(factories.edition())
        db.session.commit()
        need_id, offer_id, who = s.need.id, s.offer.id, (s.freetown.id, s.freetown.user_id)
    ids = run_at_once(5, lambda _i: _connect(app, need_id, offer_id, who))
    assert len(set(ids)) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Match)) == 1
