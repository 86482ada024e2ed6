"""Reading summit feeds: one fixture per oddity real calendars show, and the sources."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from forum.agenda.gfmd.download import FetchPolicy
from forum.agenda.gfmd.fetch import FeedError, demo_feed_path, read_source
from forum.agenda.gfmd.items import SummitItem
from forum.agenda.gfmd.kinds import guess_kind
from forum.agenda.gfmd.parse import ParsedFeed, parse_summit_feed
from forum.agenda.models import SessionKind as K

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gfmd"
CASABLANCA = ZoneInfo("Africa/Casablanca")
SUMMIT_DAYS = (date(2018, 12, 4), date(2018, 12, 8))


def parse(name: str, window: tuple[date, date] | None = SUMMIT_DAYS) -> ParsedFeed:
    return parse_summit_feed((FIXTURES / name).read_bytes(), zone=CASABLANCA, window=window)


def utc(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2018, month, day, hour, minute, tzinfo=UTC)


def times(feed: ParsedFeed) -> list[tuple[str, datetime, datetime]]:
    return [(item.uid, item.starts_at, item.ends_at) for item in feed.items]


def test_tzid_without_vtimezone_is_resolved_by_name_and_an_unknown_one_is_said():
    feed = parse("tzid-without-vtimezone.ics")
    assert times(feed) == [
        ("tz-windows@gfmd.test", utc(5, 8), utc(5, 9)),  # W. Europe Standard Time = Berlin
        ("tz-iana@gfmd.test", utc(5, 8), utc(5, 9, 30)),  # Casablanca is UTC+1 in Dec 2018
        ("tz-unknown@gfmd.test", utc(5, 13), utc(5, 14)),  # taken in the edition's zone
    ]
    assert feed.warnings == [
        "“Side event in an unknown zone” (tz-unknown@gfmd.test): unknown time zone"
        " 'Marrakech Summit Time'; its times were taken in Africa/Casablanca."
    ]


def test_utc_and_floating_times_floating_being_the_edition_zone():
    feed = parse("utc-and-floating.ics")
    assert times(feed) == [
        ("floating@gfmd.test", utc(5, 8), utc(5, 9)),
        ("utc@gfmd.test", utc(5, 9), utc(5, 10)),
    ]
    assert feed.warnings == []


def test_all_day_items_span_local_days_and_dtend_is_exclusive():
    feed = parse("all-day.ics")
    assert [(i.uid, i.starts_at, i.ends_at, i.all_day) for i in feed.items] == [
        ("csd@gfmd.test", utc(3, 23), utc(6, 23), True),  # 4, 5 and 6 Dec, local midnights
        ("reflection@gfmd.test", utc(7, 23), utc(8, 23), True),  # no DTEND: one day
    ]
    assert feed.warnings == []


def test_a_date_value_carrying_a_time_is_taken_as_a_time_with_a_warning():
    feed = parse("value-date-with-time.ics")
    assert [(i.uid, i.starts_at, i.ends_at, i.all_day) for i in feed.items] == [
        ("lunch@gfmd.test", utc(5, 11), utc(5, 12, 30), False)
    ]
    assert feed.warnings == [
        "“Lunch” (lunch@gfmd.test): its times are marked as dates but carry a time; taken as times."
    ]


def test_folded_lines_and_non_ascii_text():
    feed = parse("folded-non-ascii.ics")
    french, spanish = feed.items
    assert french.title == (
        "Table ronde 1.1 : « De la vulnérabilité à la résilience » – reconnaître les migrants"
        " comme acteurs du développement"
    )
    assert french.description == "منتدى رؤساء البلديات حول التنقل البشري والهجرة والتنمية"
    # This line was folded inside the two bytes of "é".
    assert french.location == "Salle Ménara, Palais des Congrès"
    assert french.kind == K.ROUNDTABLE
    assert spanish.title == "Evento paralelo: ciudades, migración y desarrollo sostenible"
    assert spanish.kind == K.SIDE_EVENT
    assert feed.warnings == []


def test_a_series_is_expanded_inside_the_window_only_without_its_exdates():
    feed = parse("rrule-window.ics")
    assert times(feed) == [
        (f"coffee@gfmd.test#2018-12-0{day}T09:00:00+00:00", utc(day, 9), utc(day, 9, 30))
        for day in (4, 5, 7, 8)  # daily from 1 Dec; 6 Dec is an EXDATE
    ]
    assert feed.warnings == [
        "“Preparatory briefing” (briefing@gfmd.test) repeats, but never within the summit's"
        " dates; nothing was taken."
    ]


def test_without_a_window_an_endless_series_stops_after_a_year():
    feed = parse("rrule-window.ics", window=None)
    coffees = [item for item in feed.items if item.uid.startswith("coffee@")]
    assert len(coffees) == 365  # 366 days from 1 Dec 2018, less the EXDATE
    assert (coffees[0].starts_at, coffees[-1].starts_at) == (
        utc(1, 9),
        datetime(2019, 12, 1, 9, tzinfo=UTC),
    )
    assert [item.uid for item in feed.items if item.uid.startswith("briefing@")] == [
        "briefing@gfmd.test#2018-11-01T09:00:00+00:00",
        "briefing@gfmd.test#2018-11-02T09:00:00+00:00",
    ]
    assert feed.warnings == [
        "“Morning coffee” (coffee@gfmd.test) repeats beyond a year; only its first year was taken."
    ]


def test_recurrence_id_overrides_move_and_cancel_single_occurrences():
    feed = parse("recurrence-id.ics")
    uid = "rt-briefing@gfmd.test#2018-12-0{}T07:00:00+00:00"
    assert [(i.uid, i.title, i.starts_at, i.cancelled) for i in feed.items] == [
        (uid.format(5), "Roundtable briefing", utc(5, 7), False),
        (uid.format(6), "Roundtable briefing (moved)", utc(6, 8), False),  # uid of its slot
        (uid.format(7), "Roundtable briefing", utc(7, 7), True),
    ]
    assert feed.warnings == []


def test_missing_uids_are_derived_stably_with_a_warning_naming_the_item():
    first, again = parse("missing-uid.ics"), parse("missing-uid.ics")
    uids = [item.uid for item in first.items]
    assert uids == [item.uid for item in again.items]
    assert [item.title for item in first.items] == ["Welcome coffee", "Networking reception"]
    assert all(uid.startswith("derived-") and len(uid) == 32 for uid in uids)
    assert first.warnings == [
        f"“Welcome coffee” starting 20181205T083000Z has no UID; it is known as {uids[0]}.",
        f"“Networking reception” starting 20181205T180000Z has no UID; it is known as {uids[1]}.",
    ]


def test_duplicate_uids_keep_the_highest_sequence_else_the_last():
    feed = parse("duplicate-uid.ics")
    assert [(i.uid, i.title, i.starts_at) for i in feed.items] == [
        ("dup@gfmd.test", "Business meeting (new time)", utc(7, 11)),
        ("twin@gfmd.test", "Lunch (updated)", utc(7, 12, 30)),
    ]
    assert feed.warnings == [
        "UID dup@gfmd.test is used by more than one item; kept “Business meeting (new time)”"
        " (dup@gfmd.test) with SEQUENCE 2.",
        "UID twin@gfmd.test is used by more than one item; kept “Lunch (updated)”"
        " (twin@gfmd.test) with SEQUENCE 0.",
    ]


def test_missing_or_backwards_ends_use_duration_or_a_default():
    feed = parse("missing-dtend.ics")
    assert [(i.uid, i.starts_at, i.ends_at, i.all_day) for i in feed.items] == [
        ("pfp@gfmd.test", utc(6, 14), utc(6, 15, 30), False),  # DURATION:PT1H30M
        ("summit-day@gfmd.test", utc(6, 23), utc(7, 23), True),  # a date: one day
        ("photo@gfmd.test", utc(7, 12, 30), utc(7, 13, 30), False),  # DTEND = DTSTART
        ("closing@gfmd.test", utc(7, 13), utc(7, 14), False),  # no end at all
    ]
    assert feed.warnings == [
        "“Closing plenary” (closing@gfmd.test) has no end (DTEND or DURATION); taken as one hour.",
        "“Family photo” (photo@gfmd.test) does not end after it starts; taken as one hour.",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            (FIXTURES / "malformed.ics").read_bytes(),
            "Line 4: BEGIN:VEVENT is never closed by END:VEVENT"
            " (the file looks cut short or damaged).",
        ),
        (
            (FIXTURES / "not-a-calendar.ics").read_bytes(),
            # Never quoted: it may be a page of a server the sync should not have reached.
            "The feed is not a calendar: it does not begin with BEGIN:VCALENDAR.",
        ),
        (b"\r\n\r\n", "The feed is empty."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "The feed is not a calendar: it holds binary data."),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis is no content line\r\nEND:VCALENDAR\r\n",
            "Line 3: the calendar cannot be read (Content line could not be parsed into parts:"
            " 'this is no content line': Invalid content line).",
        ),
    ],
)
def test_a_broken_feed_raises_feed_error_saying_what_and_where(data, message):
    with pytest.raises(FeedError) as raised:
        parse_summit_feed(data, zone=CASABLANCA, window=SUMMIT_DAYS)
    assert raised.value.message == message


@pytest.mark.parametrize(
    ("title", "categories", "kind"),
    [
        ("Opening ceremony of the 11th GFMD Summit", [], K.OPENING),
        ("Plenary: Honouring international commitments", [], K.PLENARY),
        ("RT 1.1 – From vulnerability to resilience", [], K.ROUNDTABLE),
        ("Regional roundtable: Africa", [], K.ROUNDTABLE),
        ("Common Space: breakout session 2", [], K.COMMON_SPACE),
        ("Breakout group B", [], K.BREAKOUT),
        ("GFMD business meeting", [], K.BUSINESS_MEETING),
        ("Platform for Partnerships", [], K.PARTNERSHIPS),
        ("Side event lunch: diaspora investment", [], K.SIDE_EVENT),
        ("Networking reception", [], K.NETWORKING),
        ("Registration and accreditation", [], K.REGISTRATION),
        ("Lunch break", [], K.MEAL),
        ("Coffee break", [], K.BREAK),
        ("Signing of the declaration", [], K.SIGNING_CEREMONY),
        ("Session 4", ["Plenary"], K.PLENARY),
        ("Visit to the medina", ["Event"], K.OTHER),
    ],
)
def test_kinds_are_guessed_from_the_title_then_the_categories(title, categories, kind):
    assert guess_kind(title, categories) == kind


def test_the_demo_feed_is_a_clean_calendar_of_the_2018_summit():
    feed = parse_summit_feed(
        demo_feed_path().read_bytes(),
        zone=CASABLANCA,
        window=(date(2018, 11, 24), date(2018, 12, 22)),
    )
    assert feed.warnings == []
    assert len(feed.items) == 31
    assert all(item.uid.startswith("gfmd2018-") for item in feed.items)
    assert feed.items[-1] == SummitItem(
        uid="gfmd2018-side-igc@gfmd.example",
        title="Side event: Towards the Intergovernmental Conference",
        description="Preparing the Intergovernmental Conference to adopt the Global Compact"
        " for Migration (10-11 December).",
        location="Room Majorelle, GFMD Summit venue, Marrakech",
        starts_at=utc(8, 8),
        ends_at=utc(8, 9, 30),
        all_day=False,
        cancelled=False,
        kind=K.SIDE_EVENT,
    )


# Reading the source: files here, web addresses in test_gfmd_fetch.py.


def test_read_source_reads_files():
    expected = (FIXTURES / "summit-v1.ics").read_bytes()
    assert read_source(str(FIXTURES / "summit-v1.ics")) == expected
    assert read_source((FIXTURES / "summit-v1.ics").as_uri()) == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("/nonexistent/agenda.ics", "No such file: /nonexistent/agenda.ics."),
        (
            "ftp://example.org/agenda.ics",
            "Cannot read 'ftp://example.org/agenda.ics':"
            " give an http or https address or a file path.",
        ),
    ],
)
def test_read_source_says_clearly_what_went_wrong(source, message):
    with pytest.raises(FeedError) as raised:
        read_source(source)
    assert raised.value.message == message


def test_read_source_caps_the_size_of_a_file():
    with pytest.raises(FeedError) as raised:
        read_source(str(FIXTURES / "summit-v1.ics"), FetchPolicy(max_bytes=100))
    assert raised.value.message == (
        f"{FIXTURES / 'summit-v1.ics'} is larger than 100 bytes; it is not taken."
    )
