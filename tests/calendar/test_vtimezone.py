"""VTIMEZONEs: one onset per observance, only the years needed, IANA's offsets at every time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar
from icalendar.timezone.pytz import PYTZ

from forum.agenda.ical import FeedEvent, build_calendar
from forum.agenda.vtimezone import onsets, vtimezone_bytes
from tests.calendar.readers import all_readers

# (zone, first year, last year): Morocco's Ramadan changes of 2019, 2024 and 2027, its last
# summer time (2018) and Berlin's summer time.
WINDOWS = [
    ("Africa/Casablanca", 2018, 2020),
    ("Africa/Casablanca", 2023, 2025),
    ("Africa/Casablanca", 2026, 2028),
    ("Europe/Berlin", 2016, 2018),
]
IDS = [f"{zone}-{first}-{last}" for zone, first, last in WINDOWS]


def calendar_of(zone: str, first: int, last: int) -> bytes:
    head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
    return head + vtimezone_bytes(zone, first, last) + b"END:VCALENDAR\r\n"


def half_hours(zone: str, first: int, last: int) -> list[datetime]:
    """Every half hour (UTC) from 1 January of ``first`` to the end of ``last``, local time."""
    tz = ZoneInfo(zone)
    moment = datetime(first, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(last + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    found = []
    while moment < end:
        found.append(moment)
        moment += timedelta(minutes=30)
    return found


@pytest.mark.parametrize(("zone", "first", "last"), WINDOWS, ids=IDS)
def test_one_onset_per_observance_and_only_the_years_asked_for(zone, first, last):
    [vtimezone] = Calendar.from_ical(calendar_of(zone, first, last)).walk("VTIMEZONE")
    observances = vtimezone.subcomponents
    assert all("RDATE" not in o and "RRULE" not in o for o in observances)
    starts = [o.decoded("DTSTART") for o in observances]
    assert starts[0] == datetime(first, 1, 1)
    assert starts == sorted(starts) and all(first <= s.year <= last for s in starts)
    changes = [o for o in observances[1:] if o["TZOFFSETFROM"].td != o["TZOFFSETTO"].td]
    expected = {"Africa/Casablanca": 6, "Europe/Berlin": 6}[zone]
    if (zone, first) == ("Africa/Casablanca", 2018):
        expected = 7  # 2018: summer time on, off for Ramadan, on again; two Ramadans after
    assert len(changes) == expected


@pytest.mark.parametrize(("zone", "first", "last"), WINDOWS, ids=IDS)
def test_python_readers_give_iana_offsets_every_half_hour(zone, first, last):
    """Local time to UTC, as a DTSTART with a TZID is read, for every local time the feed
    writes so: all but those that occur twice, which it writes in UTC."""
    body = calendar_of(zone, first, last)
    [component] = Calendar.from_ical(body).walk("VTIMEZONE")
    by_icalendar = PYTZ().create_timezone(component)
    by_vobject = vobject.readOne(body.decode()).vtimezone.gettzinfo()
    tz = ZoneInfo(zone)
    for moment in half_hours(zone, first, last):
        local = moment.astimezone(tz)
        if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
            continue
        wall = local.replace(tzinfo=None)
        assert by_icalendar.localize(wall).utcoffset() == local.utcoffset(), moment
        assert wall.replace(tzinfo=by_vobject).utcoffset() == local.utcoffset(), moment


@pytest.mark.parametrize(("zone", "first", "last"), WINDOWS, ids=IDS)
def test_events_around_every_change_are_placed_right_by_all_three_readers(zone, first, last):
    """Every day at a different hour, and every quarter hour for 3 hours around each change."""
    moments = half_hours(zone, first, last)[::49]
    for onset in onsets(zone, first, last)[1:]:
        change = (onset.local_start - onset.offset_from).replace(tzinfo=UTC)
        moments += [change + timedelta(minutes=15 * n) for n in range(-12, 13)]
    events = [
        FeedEvent(f"e{n}", "t", moment, moment + timedelta(minutes=45), moment, moment)
        for n, moment in enumerate(sorted(set(moments)))
    ]
    body = build_calendar(events, name="n", zone=zone, around_year=first + 1)
    expected = {e.uid: (e.starts_at, e.ends_at) for e in events}
    for reader, read in all_readers(body).items():
        wrong = {uid: got for uid, got in read.items() if got != expected[uid]}
        assert wrong == {}, reader


def test_a_feed_covers_its_events_years_and_one_either_side():
    at = datetime(2019, 5, 20, 9, tzinfo=UTC)
    event = FeedEvent("u", "t", at, at + timedelta(hours=1), at, at)
    body = build_calendar([event], name="n", zone="Africa/Casablanca", around_year=2030)
    [vtimezone] = Calendar.from_ical(body).walk("VTIMEZONE")
    years = {o.decoded("DTSTART").year for o in vtimezone.subcomponents}
    assert years == {2018, 2019, 2020}
    empty = build_calendar([], name="n", zone="Europe/Berlin", around_year=2017)
    [vtimezone] = Calendar.from_ical(empty).walk("VTIMEZONE")
    assert {o.decoded("DTSTART").year for o in vtimezone.subcomponents} == {2016, 2017, 2018}


def test_a_time_that_occurs_twice_is_written_in_utc():
    """Berlin, 29 October 2017: 02:30 happens at 00:30 and at 01:30 UTC."""
    twice = [datetime(2017, 10, 29, hour, 30, tzinfo=UTC) for hour in (0, 1)]
    events = [
        FeedEvent(f"e{n}", "t", at, at + timedelta(minutes=20), at, at)
        for n, at in enumerate(twice)
    ]
    body = build_calendar(events, name="n", zone="Europe/Berlin", around_year=2017)
    assert b"DTSTART:20171029T003000Z" in body and b"DTSTART:20171029T013000Z" in body
    expected = {e.uid: (e.starts_at, e.ends_at) for e in events}
    for read in all_readers(body).values():
        assert read == expected


def test_a_time_in_year_9999_is_written_in_utc_and_the_zone_stays_short():
    near = datetime(2018, 12, 8, 8, tzinfo=UTC)
    far = datetime(9999, 12, 31, 22, tzinfo=UTC)
    events = [
        FeedEvent("near", "t", near, near + timedelta(hours=1), near, near),
        FeedEvent("far", "t", far, far + timedelta(minutes=30), near, near),
    ]
    body = build_calendar(events, name="n", zone="Africa/Casablanca", around_year=2018)
    [vtimezone] = Calendar.from_ical(body).walk("VTIMEZONE")
    assert {o.decoded("DTSTART").year for o in vtimezone.subcomponents} <= {2017, 2018, 2019}
    assert b"DTSTART:99991231T220000Z" in body
    assert b"DTSTART;TZID=Africa/Casablanca:20181208T090000" in body
