"""Calendar feeds: valid RFC 5545 read back by three readers, SEQUENCE, cancellations, 304."""
# Morocco kept UTC+1 all year from October 2018, so the forum day is at +01:00.

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import vobject
from icalendar import Calendar

from forum.agenda.feeds import session_uid
from forum.agenda.models import Session, SessionSource, SessionStatus
from forum.agenda.services import apply_changes, cancel_session
from forum.extensions import db
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers
from tests.calendar.readers import all_readers


@pytest.fixture
def programme(app):
    with app.app_context():
        edition = factories.edition()
        theme = helpers.theme(edition, gcm_objectives=[16, 18])
        atlas, menara = helpers.room(edition), helpers.room(edition, "Menara room")
        plenary = helpers.session(edition, "Opening plenary", "09:00", "10:00", room_id=atlas.id)
        themed = helpers.session(
            edition,
            "Jobs & skills, “inclusion” – été",
            "10:30",
            "12:00",
            theme_id=theme.id,
            room_id=menara.id,
            description="Line one\nLine two; with, commas",
        )
        summit = helpers.session(
            edition,
            "RT 1.1 Resilience",
            "09:30",
            "11:00",
            source=SessionSource.GFMD,
            external_uid="gfmd-rt11@gfmd.example",
            location="Palais des Congrès",
        )
        db.session.commit()
        return {
            "plenary": plenary.id,
            "themed": themed.id,
            "summit": summit.id,
            "edition": edition.id,
        }


def events(body: bytes) -> dict[str, Calendar]:
    calendar = Calendar.from_ical(body)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_feed_is_valid_rfc5545_for_three_readers(app, client, programme):
    response = client.get("/agenda.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    body = response.data
    assert b"\r\n" in body and all(len(line) <= 75 for line in body.split(b"\r\n"))
    calendar = Calendar.from_ical(body)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Africa/Casablanca"]
    found = events(body)
    assert sorted(found) == ["Jobs & skills, “inclusion” – été", "Opening plenary"]
    themed = found["Jobs & skills, “inclusion” – été"]
    assert themed["DTSTART"].params["TZID"] == "Africa/Casablanca"
    assert themed.decoded("DTSTART").isoformat() == "2018-12-08T10:30:00+01:00"
    assert str(themed["LOCATION"]) == "Menara room"
    assert str(themed["DESCRIPTION"]) == "Line one\nLine two; with, commas"
    assert themed["CATEGORIES"].cats == ["Mayoral Forum", "Inclusion", "Theme session"]
    assert str(themed["URL"]).endswith(f"/agenda/sessions/{programme['themed']}")
    for event in found.values():
        assert {"UID", "DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "STATUS"} <= set(event.keys())

    # Every reader, through the feed's own VTIMEZONE, must find the times the database holds.
    with app.app_context():
        sessions = [db.session.get_one(Session, programme[key]) for key in ("plenary", "themed")]
        expected = {session_uid(s): (s.starts_at, s.ends_at) for s in sessions}
    assert expected == {
        f"forum-{programme['edition']}-session-{programme['plenary']}@mayoral-forum": (
            datetime(2018, 12, 8, 8, tzinfo=UTC),
            datetime(2018, 12, 8, 9, tzinfo=UTC),
        ),
        f"forum-{programme['edition']}-session-{programme['themed']}@mayoral-forum": (
            datetime(2018, 12, 8, 9, 30, tzinfo=UTC),
            datetime(2018, 12, 8, 11, tzinfo=UTC),
        ),
    }
    for reader, times in all_readers(body).items():
        assert times == expected, reader
    parsed = vobject.readOne(body.decode())
    assert sorted(e.sequence.value for e in parsed.vevent_list) == ["0", "0"]


def test_uids_are_stable_and_summit_items_join_on_request(client, programme):
    first = {
        str(e["UID"]) for e in Calendar.from_ical(client.get("/agenda.ics").data).walk("VEVENT")
    }
    again = {
        str(e["UID"]) for e in Calendar.from_ical(client.get("/agenda.ics").data).walk("VEVENT")
    }
    assert first == again
    with_summit = events(client.get("/agenda.ics?include=gfmd").data)
    assert sorted(with_summit) == [
        "Jobs & skills, “inclusion” – été",
        "Opening plenary",
        "RT 1.1 Resilience",
    ]
    summit = with_summit["RT 1.1 Resilience"]
    # Our own UID, so it never clashes with the summit's feed; the summit's kept beside it.
    assert str(summit["UID"]).startswith("gfmd-")
    assert str(summit["UID"]).endswith(f"-{programme['edition']}@mayoral-forum")
    assert str(summit["X-GFMD-UID"]) == "gfmd-rt11@gfmd.example"
    assert "GFMD summit" in with_summit["RT 1.1 Resilience"]["CATEGORIES"].cats


@pytest.mark.parametrize(
    ("change", "bumps"),
    [
        ({"title": "Opening plenary (new title)"}, True),
        ({"room": None}, True),
        ({"minutes": 30}, True),
        ({"description": "Only the text changed"}, False),
    ],
)
def test_sequence_grows_on_changes_calendars_must_see(app, client, programme, change, bumps):
    from datetime import timedelta

    with app.app_context():
        session = db.session.get(Session, programme["plenary"])
        before = session.sequence
        values = dict(change)
        if "room" in values:
            values = {"room_id": values.pop("room")}
        if "minutes" in values:
            shift = timedelta(minutes=values.pop("minutes"))
            values = {"starts_at": session.starts_at + shift, "ends_at": session.ends_at + shift}
        apply_changes(session, **values)
        db.session.commit()
        expected = before + 1 if bumps else before
    event = events(client.get("/agenda.ics").data)
    plenary = next(e for title, e in event.items() if title.startswith("Opening plenary"))
    assert int(plenary["SEQUENCE"]) == expected


def test_cancelled_session_stays_in_the_feed_as_cancelled(app, client, programme):
    with app.app_context():
        session = db.session.get(Session, programme["plenary"])
        assert cancel_session(session) is True
        db.session.commit()
        assert session.status is SessionStatus.CANCELLED
    plenary = events(client.get("/agenda.ics").data)["Opening plenary"]
    assert str(plenary["STATUS"]) == "CANCELLED"
    assert int(plenary["SEQUENCE"]) == 1
    page = client.get("/agenda").get_data(as_text=True)
    assert "Cancelled" in page and "is-cancelled" in page


def test_repeat_request_with_etag_gets_304_until_something_changes(app, client, programme):
    first = client.get("/agenda.ics")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"]
    repeat = client.get("/agenda.ics", headers={"If-None-Match": etag})
    assert repeat.status_code == 304
    assert repeat.data == b""
    with app.app_context():
        apply_changes(db.session.get(Session, programme["themed"]), title="Renamed")
        db.session.commit()
    changed = client.get("/agenda.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_theme_feed_has_only_its_sessions(client, programme):
    assert sorted(events(client.get("/agenda/inclusion.ics").data)) == [
        "Jobs & skills, “inclusion” – été"
    ]
    assert client.get("/agenda/nothing.ics").status_code == 404


def test_personal_feed_follows_picks_and_its_secret_can_be_reset(app, client, programme):
    from forum.agenda.signups import sign_up
    from forum.db import utcnow
    from forum.registration.links import private_link_token
    from tests.conftest import csrf_token

    with app.app_context():
        edition = db.session.get(Session, programme["themed"]).edition
        registration = factories.registration(
            edition, "ada@example.org", RegistrationStatus.APPROVED
        )
        sign_up(registration, db.session.get(Session, programme["themed"]), now=utcnow())
        db.session.commit()
        secret, token = registration.calendar_secret, private_link_token(registration)
    mine = events(client.get(f"/calendar/{secret}.ics").data)
    assert sorted(mine) == ["Jobs & skills, “inclusion” – été"]
    page = client.get(f"/r/{token}/sessions").get_data(as_text=True)
    assert f"webcal://localhost/calendar/{secret}.ics" in page
    client.post(f"/r/{token}/calendar/reset", data={"csrf_token": csrf_token(page)})
    assert client.get(f"/calendar/{secret}.ics").status_code == 404
    with app.app_context():
        from forum.registration.models import Registration

        new_secret = db.session.get(Registration, registration.id).calendar_secret
    assert new_secret != secret
    assert client.get(f"/calendar/{new_secret}.ics").status_code == 200


def test_single_session_download(client, programme):
    response = client.get(f"/agenda/sessions/{programme['plenary']}.ics")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert sorted(events(response.data)) == ["Opening plenary"]


def test_renaming_a_room_reaches_calendars(app, client, programme):
    from forum.agenda.models import Room, Session
    from forum.agenda.venue import save_room

    etag = client.get("/agenda.ics").headers["ETag"]
    with app.app_context():
        plenary = db.session.get(Session, programme["plenary"])
        room = db.session.get(Room, plenary.room_id)
        save_room(plenary.edition, room, name="Grand hall", seats=None)
        db.session.commit()
    response = client.get("/agenda.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200
    event = events(response.data)["Opening plenary"]
    assert (str(event["LOCATION"]), int(event["SEQUENCE"])) == ("Grand hall", 1)
