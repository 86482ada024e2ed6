"""What calendars need besides times: publish or invitation, refresh, names, UIDs of our own."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from forum.agenda.models import Session
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.mail.services import send_due_emails
from tests.calendar import scenarios
from tests.calendar.readers import icaljs

MARRAKECH = scenarios.EDITIONS[0]
PUBLISHED = [kind for kind in scenarios.FEED_KINDS if kind != "email"]


@pytest.fixture
def programme(app):
    with app.app_context():
        return scenarios.seed(MARRAKECH)


def unfolded(body: bytes) -> list[str]:
    return body.decode().replace("\r\n ", "").split("\r\n")


@pytest.mark.parametrize("kind", PUBLISHED)
def test_published_feeds_are_publish_refreshed_hourly_and_named(app, client, programme, kind):
    with app.app_context():
        body = scenarios.feed_body(kind, client, programme)
        opening = db.session.get_one(Session, programme.sessions["opening"])
    read = icaljs(body)
    assert (read["method"], read["refreshInterval"], read["publishedTtl"]) == (
        "PUBLISH",
        "PT1H",
        "PT1H",
    )
    names = {
        "whole": "Mayoral Forum Marrakech 2018",
        "combined": "Mayoral Forum Marrakech 2018 + GFMD summit",
        "theme": "Mayoral Forum Marrakech 2018 – Inclusion",
        "personal": "Mayoral Forum Marrakech 2018 – Test ada",
        "session": opening.title,
    }
    assert read["name"] == names[kind]
    lines = unfolded(body)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert "X-PUBLISHED-TTL:PT1H" in lines
    assert all(event["organizer"] is None and event["attendees"] == [] for event in read["events"])


@pytest.mark.parametrize("kind", PUBLISHED)
def test_uids_and_sequences_are_stable_between_fetches(app, client, programme, kind):
    with app.app_context():
        first = scenarios.feed_body(kind, client, programme)
        again = scenarios.feed_body(kind, client, programme)
    assert first == again
    events = icaljs(first)["events"]
    assert len({event["uid"] for event in events}) == len(events) > 0
    assert [event["sequence"] for event in events] == [0] * len(events)


def test_the_approval_email_carries_an_invitation(app, client):
    sender = app.config["MAIL_DEFAULT_SENDER"]
    app.config["MAIL_DEFAULT_SENDER"] = "Forum Team <team@forum.example>"
    try:
        with app.app_context():
            programme = scenarios.seed(MARRAKECH)
            body = scenarios.feed_body("email", client, programme)
            [email] = db.session.scalars(db.select(OutboxEmail))
            content_type = email.attachments[0]["content_type"]
    finally:
        app.config["MAIL_DEFAULT_SENDER"] = sender
    assert content_type == 'text/calendar; method=REQUEST; charset="UTF-8"'
    read = icaljs(body)
    assert (read["method"], read["refreshInterval"], read["publishedTtl"]) == (
        "REQUEST",
        None,
        None,
    )
    assert len(read["events"]) == len(scenarios.expected_keys("email"))
    for event in read["events"]:
        assert event["organizer"] == {"address": "mailto:team@forum.example", "cn": "Forum Team"}
        assert event["attendees"] == [{"address": "mailto:ada@example.org", "cn": "Test ada"}]
    attendee = Calendar.from_ical(body).walk("VEVENT")[0]["ATTENDEE"]
    assert (attendee.params["PARTSTAT"], attendee.params["RSVP"]) == ("NEEDS-ACTION", "FALSE")


def test_the_invitation_part_of_the_sent_email_says_method_request(app, smtp):
    with app.app_context():
        scenarios.seed(MARRAKECH)
        assert send_due_emails().sent == 1
    [message] = smtp.to("ada@example.org")
    [part] = [p for p in message.walk() if (p.get_filename() or "").endswith(".ics")]
    assert part.get_content_type() == "text/calendar"
    assert (part.get_param("method"), part.get_content_charset()) == ("REQUEST", "utf-8")
    assert "METHOD:REQUEST" in unfolded(part.get_payload(decode=True))


def test_summit_items_get_uids_of_our_own_and_keep_the_summits(app, client, programme):
    with app.app_context():
        body = scenarios.feed_body("combined", client, programme)
    events = {event["summary"]: event for event in icaljs(body)["events"]}
    summit, whole_day = events["RT 1.1 Resilience"], events["Civil society days"]
    assert summit["summitUid"] == "rt11@gfmd.example"
    assert whole_day["summitUid"] == "csd@gfmd.example"
    for event in (summit, whole_day):
        assert event["uid"] != event["summitUid"]
        assert event["uid"].startswith("gfmd-")
        assert event["uid"].endswith(f"-{programme.edition_id}@mayoral-forum")
    assert summit["uid"] != whole_day["uid"]
    assert events["Opening plenary"]["summitUid"] is None
    api = client.get("/api/v1/sessions?source=gfmd").get_json()["sessions"]
    assert {s["title"]: s["uid"] for s in api} == {
        "RT 1.1 Resilience": summit["uid"],
        "Civil society days": whole_day["uid"],
    }
