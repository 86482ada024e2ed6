"""A clone's agenda passes the same feed checks as the original: every calendar reader places
every cloned session where the database has it, at the source's local wall-clock times."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from forum.agenda.feeds import session_uid
from forum.agenda.models import Session
from forum.editions.models import Edition
from forum.extensions import db
from forum.seasons.cloning import clone_edition, clone_settings
from tests.calendar import scenarios
from tests.calendar.readers import READERS


@pytest.mark.parametrize("case", scenarios.EDITIONS, ids=[c.label for c in scenarios.EDITIONS])
def test_every_reader_places_the_clone_s_sessions_where_the_database_has_them(app, client, case):
    with app.app_context():
        programme = scenarios.seed(case)
        source = db.session.get_one(Edition, programme.edition_id)
        settings = clone_settings(
            source, number=20, city="Quito", country_code="EC", timezone="America/Guayaquil",
            starts_on=date(2020, 1, 22),
        )  # fmt: skip
        clone = clone_edition(source.id, settings, actor=None, now=datetime.now(UTC)).edition
        copies = db.session.scalars(sa.select(Session).where(Session.edition_id == clone.id)).all()
        for session in copies:
            session.is_published = True
        db.session.commit()
        expected = {session_uid(s): scenarios._database_span(s) for s in copies}
        originals = db.session.scalars(
            sa.select(Session).where(
                Session.edition_id == source.id, Session.title.in_([s.title for s in copies])
            )
        ).all()
        clocks = {s.title: s.starts_at.astimezone(source.zone).time() for s in originals}
        assert {s.title: s.starts_at.astimezone(clone.zone).time() for s in copies} == clocks
    body = client.get("/editions/20/agenda.ics").data
    assert len(expected) >= 2
    for reader, read in READERS.items():
        assert read(body) == expected, f"{reader} reads the clone of {case.label} wrongly"
