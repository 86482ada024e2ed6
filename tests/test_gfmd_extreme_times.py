"""Times at the very ends of the calendar: refused on the way in, and shown without failing
when they are already stored (so one bad row cannot break the agenda pages for good)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.reconcile import sync_gfmd
from forum.agenda.models import Session, SessionKind, SessionSource, SessionStatus, SyncStatus
from forum.editions.models import Edition
from forum.extensions import db
from forum.timezones import in_zone
from tests import factories
from tests.conftest import Auth
from tests.gfmd_helpers import LATER, NOW, fixture, summit_sessions, utc

CASABLANCA = ZoneInfo("Africa/Casablanca")
END_OF_TIME = datetime(9999, 12, 31, 23, tzinfo=UTC)
YEAR_ONE = datetime(1, 1, 1, 0, 30, tzinfo=UTC)


def test_times_at_the_ends_of_the_calendar_are_shown_at_its_edge():
    assert in_zone(END_OF_TIME, CASABLANCA) == datetime.max.replace(tzinfo=CASABLANCA)
    assert in_zone(YEAR_ONE, "America/Caracas") == datetime.min.replace(
        tzinfo=ZoneInfo("America/Caracas")
    )
    assert in_zone(utc(8, 8), "Africa/Casablanca") == datetime(2018, 12, 8, 9, tzinfo=CASABLANCA)


def test_a_feed_with_extreme_times_is_taken_but_for_them_each_named(ctx):
    edition = factories.edition()
    record = sync_gfmd(edition, fixture("extreme-times.ics"), now=NOW)
    assert (record.status, record.added) == (SyncStatus.OK, 1)
    assert [s.external_uid for s in summit_sessions()] == ["sane@gfmd.test"]
    refused = sorted(w for w in record.warnings if w.endswith("it was not taken."))
    margin = "outside the summit's dates with their margin (2018-11-24 to 2018-12-22)"
    assert refused == [
        "“A duration of ages” (ages@gfmd.test) has a time out of range; it was not taken.",
        "“All day at the end” (all-day-end@gfmd.test) has a time out of range; it was not taken.",
        "“At the end of time” (last-hour@gfmd.test) runs from 9999-12-31 23:00 UTC to"
        f" 9999-12-31 23:59 UTC, {margin}; it was not taken.",
        "“No end near the end” (no-end@gfmd.test) has a time out of range; it was not taken.",
        "“Starts in the week, ends in 9999” (endless@gfmd.test) runs from 2018-12-06 10:00 UTC"
        f" to 9999-12-31 00:00 UTC, {margin}; it was not taken.",
        "“Year one, floating” (year-one@gfmd.test) runs from 0001-01-01 00:30 UTC to"
        f" 0001-01-01 01:30 UTC, {margin}; it was not taken.",
    ]


def _feed(path: Path, start: str, end: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//forum tests//one item//EN",
        "BEGIN:VEVENT",
        "UID:plenary@gfmd.test",
        "SUMMARY:Summit plenary",
        f"DTSTART:{start}",
        f"DTEND:{end}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    path.write_text("\r\n".join(lines) + "\r\n")
    return str(path)


def test_an_item_moved_out_of_range_is_refused_and_its_session_kept_as_it_was(ctx, tmp_path):
    edition = factories.edition()
    sync_gfmd(edition, _feed(tmp_path / "a.ics", "20181206T080000Z", "20181206T090000Z"), now=NOW)
    record = sync_gfmd(
        edition, _feed(tmp_path / "b.ics", "99991231T230000Z", "99991231T235900Z"), now=LATER
    )
    assert (record.updated, record.cancelled, record.unchanged, len(record.warnings)) == (
        0,
        0,
        0,
        1,
    )
    assert [(s.status, s.starts_at, s.sequence) for s in summit_sessions()] == [
        (SessionStatus.SCHEDULED, utc(6, 8), 0)
    ]


def _stored(edition: Edition, uid: str, starts: datetime, ends: datetime, **values) -> Session:
    """A session as a broken sync of an older version could have stored it."""
    session = Session(
        edition_id=edition.id,
        kind=SessionKind.PLENARY,
        title=f"Stored {uid}",
        starts_at=starts,
        ends_at=ends,
        external_uid=uid,
        **values,
    )
    db.session.add(session)
    db.session.flush()
    return session


EXTREMES = [
    pytest.param(END_OF_TIME, END_OF_TIME + timedelta(minutes=59), False, id="9999-12-31T23:00Z"),
    pytest.param(YEAR_ONE, YEAR_ONE + timedelta(hours=1), False, id="0001-01-01T00:30Z"),
    pytest.param(
        datetime(9999, 12, 30, 23, tzinfo=UTC),
        END_OF_TIME + timedelta(minutes=59),
        True,
        id="all day at the end",
    ),
    pytest.param(YEAR_ONE, YEAR_ONE + timedelta(days=1), True, id="all day in year 1"),
]


@pytest.mark.parametrize(("starts", "ends", "all_day"), EXTREMES)
def test_extreme_stored_times_break_no_page(app, client, starts, ends, all_day):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        summit = _stored(
            edition, "end@gfmd.test", starts, ends, all_day=all_day, source=SessionSource.GFMD
        )
        own = _stored(edition, None, starts, ends, all_day=all_day, source=SessionSource.FORUM)
        db.session.commit()
        ids = (summit.id, own.id)
    _pages_answer(client, ids, clash="Stored end@gfmd.test")


def _pages_answer(client, session_ids: tuple[int, ...], clash: str | None = None) -> None:
    """Every page that shows the sessions answers, and the calendars are valid iCalendar."""
    Auth(client).login(*factories.ORGANISER)
    pages = ["/admin/agenda/", "/agenda", "/agenda?view=combined", "/admin/agenda/clashes"]
    pages += ["/admin/agenda/sync", "/agenda.ics", "/agenda.ics?include=gfmd"]
    for session_id in session_ids:
        pages += [f"/agenda/sessions/{session_id}", f"/agenda/sessions/{session_id}.ics"]
        pages += [f"/admin/agenda/sessions/{session_id}"]
    answers = {page: client.get(page) for page in pages}
    assert {page: answer.status_code for page, answer in answers.items()} == dict.fromkeys(
        pages, 200
    )
    for page, answer in answers.items():
        if page.endswith(".ics"):
            events = Calendar.from_ical(answer.data).walk("VEVENT")
            assert len(events) == (1 if "/sessions/" in page else len(events)), page
    if clash:
        assert clash in answers["/admin/agenda/clashes"].get_data(as_text=True)


def test_a_good_sync_after_a_bad_one_mends_what_it_can_and_every_page_answers(app, client):
    with app.app_context():
        edition = factories.edition(gfmd_agenda_source=str(demo_feed_path()))
        factories.organiser()
        opening_uid = "gfmd2018-opening@gfmd.example"
        end = END_OF_TIME + timedelta(minutes=59)
        opening = _stored(edition, opening_uid, END_OF_TIME, end, source=SessionSource.GFMD)
        year_one_end = YEAR_ONE + timedelta(hours=1)
        gone = _stored(edition, "gone@gfmd.test", YEAR_ONE, year_one_end, source=SessionSource.GFMD)
        db.session.commit()
        # One of the two stored items left the feed: half of them cancelled, so confirmed.
        record = sync_gfmd(edition, None, now=LATER, confirmed=True)
        db.session.commit()
        assert (record.added, record.updated, record.cancelled) == (30, 1, 1)
        db.session.expire_all()
        mended = db.session.get_one(Session, opening.id)
        assert (mended.starts_at.date(), mended.status) == (
            date(2018, 12, 5),
            SessionStatus.SCHEDULED,
        )
        kept = db.session.get_one(Session, gone.id)
        assert (kept.starts_at, kept.status) == (YEAR_ONE, SessionStatus.CANCELLED)
        ids = (opening.id, gone.id)
    _pages_answer(client, ids)
    history = client.get("/admin/agenda/sync").get_data(as_text=True)
    assert "Dec 5, 2018" in history.replace("\u202f", " ")
    with app.app_context():
        assert db.session.scalars(sa.select(Edition)).one().gfmd_agenda_source == str(
            demo_feed_path()
        )
