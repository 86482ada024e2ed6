"""One set of date and time formats: the language's own clock, no seconds, no offset after
each time, and the edition's zone named once on the page."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask

from forum import formats
from forum.agenda.models import SessionKind
from forum.editions.models import Edition
from forum.extensions import db
from tests import factories
from tests.agenda import helpers
from tests.conftest import Auth
from tests.gfmd_helpers import forum_session, summit_item, utc

NOTE = "Times are local to Marrakech (GMT+01:00)."
SECONDS = re.compile(r"\d:\d\d:\d\d")


@pytest.fixture
def session_id(app: Flask) -> int:
    """A forum session from 13:45 to 15:00 in Marrakech on 8 December 2018."""
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        row = helpers.session(edition, "Cities and jobs", "13:45", "15:00")
        db.session.commit()
        return row.id


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_session_page_in_english_reads_the_english_clock(client, session_id):
    page = text_of(client.get(f"/agenda/sessions/{session_id}"))
    assert "Saturday, December 8, 2018, 1:45 – 3:00 PM" in page
    assert not SECONDS.search(page)
    assert "Western European" not in page and "(+01)" not in page
    assert page.count("GMT+01:00") == 1 and NOTE in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "samedi 8 décembre 2018, 13:45 – 15:00"), ("es", "13:45–15:00")],
)
def test_french_and_spanish_read_24_hours(client, session_id, language, expected):
    client.get(f"/lang/{language}")
    page = text_of(client.get(f"/agenda/sessions/{session_id}"))
    assert expected in page
    assert "PM" not in page and not SECONDS.search(page)


def test_the_admin_list_shows_no_offset_after_each_time(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        at = datetime(2018, 10, 15, 16, 0, tzinfo=UTC)
        for name in ("one", "two"):
            factories.registration(edition, f"{name}@example.org", at=at)
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = text_of(client.get("/admin/registrations/"))
    assert page.count("Oct 15, 2018, 5:00 PM") == 2
    assert "(+01)" not in page and "Morocco" not in page
    assert page.count(NOTE) == 1


def test_the_clash_page_has_no_seconds(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        forum_session(edition, "Opening plenary", utc(8, 8), utc(8, 9, 30))
        summit_item(edition, "Summit plenary", SessionKind.PLENARY, utc(8, 9), utc(8, 10))
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = text_of(client.get("/admin/agenda/clashes"))
    assert "Summit plenary" in page
    assert not SECONDS.search(page), SECONDS.search(page)
    assert "10:00 – 11:00 AM" in page


def test_a_range_over_two_days_names_both(app):
    with app.test_request_context():
        start, end = datetime(2018, 12, 8, 22, tzinfo=UTC), datetime(2018, 12, 9, 1, tzinfo=UTC)
        assert formats.time_range(start, end, "Africa/Casablanca") == (
            "Dec 8, 2018, 11:00 PM – Dec 9, 2018, 2:00 AM"
        )


def test_the_zone_note_follows_the_edition(app, client):
    with app.app_context():
        factories.edition(timezone="America/Montreal", city="Montréal")
        db.session.commit()
        assert db.session.scalar(sa.select(Edition.timezone)) == "America/Montreal"
    assert "Times are local to Montréal (GMT-05:00)." in text_of(client.get("/agenda"))


@pytest.mark.parametrize(("language", "expected"), [("en", "1:45 PM"), ("fr", "13:45")])
def test_the_programme_list_reads_each_languages_clock(client, session_id, language, expected):
    # The list names the page's language once for all its times (formats.time's language).
    client.get(f"/lang/{language}")
    page = text_of(client.get("/agenda"))
    assert expected in page
    assert not SECONDS.search(page)
    assert formats.time(utc(8, 12, 45), "Africa/Casablanca", language) == expected
