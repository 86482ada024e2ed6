"""The demo's matches: one at every stage, on the board, consistent with their stage."""

from __future__ import annotations

import sqlalchemy as sa

from forum.commitments.match_models import Match, MatchStage
from forum.commitments.models import Kind, Status
from forum.demo import seed_demo
from forum.extensions import db
from forum.mail.models import OutboxEmail
from tests.conftest import Auth


def test_the_demo_has_matches_at_every_stage_shown_on_the_board(app, client):
    with app.app_context():
        assert seed_demo(delegates=20)
        db.session.commit()
        matches = db.session.scalars(sa.select(Match)).all()
        assert {m.stage for m in matches} == set(MatchStage)
        assert any(m.action_id for m in matches) and any(m.offer_id for m in matches)
        for m in matches:
            assert (m.need.kind, m.need.status) == (Kind.SUPPORT_NEEDED, Status.PUBLISHED)
            both = m.need_accepted_at is not None and m.offer_accepted_at is not None
            agreed = m.stage in {MatchStage.ACCEPTED, MatchStage.ACTIVE, MatchStage.CLOSED}
            assert both == agreed and (m.introduced_at is not None) == agreed
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 0
    Auth(client).login("organiser@forum.example", "demo-organiser-2018")
    board = client.get("/admin/commitments/matching").get_data(as_text=True)
    assert "Under way (1)" in board and "Declined (1)" in board and "Proposed (2)" in board
