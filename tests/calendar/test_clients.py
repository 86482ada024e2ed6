"""Every calendar client shows the right time: each feed kind, read by ical.js (Thunderbird),
vobject and icalendar through the file's own VTIMEZONE, matches the database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from forum.agenda.models import Session
from forum.extensions import db
from tests.calendar import scenarios
from tests.calendar.readers import READERS

# What the clocks said on the day: Morocco's winter, Berlin's summer, Morocco's Ramadan.
OFFSETS = {
    "marrakech-2018": timedelta(hours=1),
    "berlin-june-2017": timedelta(hours=2),
    "casablanca-ramadan-2019": timedelta(0),
}

pytestmark = pytest.mark.parametrize(
    "case", scenarios.EDITIONS, ids=[case.label for case in scenarios.EDITIONS]
)


@pytest.mark.parametrize("kind", scenarios.FEED_KINDS)
def test_every_reader_places_every_event_where_the_database_has_it(app, client, case, kind):
    with app.app_context():
        programme = scenarios.seed(case)
        expected = scenarios.database_times(programme, scenarios.expected_keys(kind))
        body = scenarios.feed_body(kind, client, programme)
    for reader, read in READERS.items():
        assert read(body) == expected, f"{reader} reads the {kind} feed of {case.label} wrongly"


def test_the_opening_is_at_nine_local_time_in_every_reader(app, client, case):
    """The issue's own example, checked against the UTC offset the edition really had."""
    with app.app_context():
        programme = scenarios.seed(case)
        opening = db.session.get_one(Session, programme.sessions["opening"])
        starts_at = opening.starts_at
        local = starts_at.astimezone(opening.edition.zone)
        offset = local.utcoffset()
    assert local.strftime("%H:%M") == "09:00"
    assert offset == OFFSETS[case.label]
    body = scenarios.feed_body("session", client, programme)
    for reader, read in READERS.items():
        [(start, _end)] = read(body).values()
        assert start == starts_at, reader
        assert (start + offset).strftime("%H:%M") == "09:00", reader
