"""The demo's commitments: enough of every kind, theme, status and colour to show the area."""

from __future__ import annotations

import sqlalchemy as sa

from forum.commitments.models import Commitment, Kind, ProgressStatus, ProgressUpdate, Status
from forum.commitments.progress import Staleness, staleness
from forum.db import utcnow
from forum.demo import seed_demo
from forum.extensions import db


def test_the_demo_has_published_entries_of_every_kind_status_and_colour(ctx, client):
    assert seed_demo()
    db.session.commit()
    published = db.session.scalars(
        sa.select(Commitment).where(Commitment.status == Status.PUBLISHED)
    ).all()
    assert len(published) >= 40
    assert len({row.city_id for row in published}) >= 15
    assert {row.kind for row in published} == set(Kind)
    assert len({row.theme_id for row in published}) == 3
    assert all(row.gcm_objectives for row in published)
    assert any(row.support_partnerships for row in published)
    assert set(db.session.scalars(sa.select(ProgressUpdate.status))) == set(ProgressStatus)
    years = {u.reported_on.year for row in published for u in row.updates}
    assert {2019, 2020} <= years
    colours = {
        staleness(
            row.latest_update.reported_on if row.latest_update else None,
            row.published_at,
            utcnow(),
        )
        for row in published
    }
    assert colours == set(Staleness)
    assert Status.SUBMITTED in set(db.session.scalars(sa.select(Commitment.status)))
    html = client.get("/commitments").get_data(as_text=True)
    assert "illustrative" in html
    assert client.get("/api/v1/commitments").get_json()["total"] == len(published)
    assert len(client.get("/api/v1/offers").get_json()["offers"]) == 8
