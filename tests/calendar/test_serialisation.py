"""Our VEVENT writer means what icalendar's would: both read alike by all three readers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import vobject
from icalendar import Calendar, Event, vText

from forum.agenda.ical import FeedEvent, build_calendar
from forum.agenda.vtimezone import vtimezone_bytes
from tests.calendar.readers import all_readers, icaljs

ZONE = "Africa/Casablanca"
TZ = ZoneInfo(ZONE)
AT = datetime(2018, 12, 8, 8, tzinfo=UTC)
TRICKY = [
    "Jobs & skills, “inclusion” – été; with a \\ backslash",
    "Line one\nLine two; with, commas\r\nand a CRLF, a literal \\n and a\ttab",
    "Ends in a backslash \\",
    "مدن تعمل معاً من أجل المهاجرين واللاجئين — 城市与移民 — 🙂🌍 emoji that take four bytes",
]
# Long texts whose 75-octet folds fall on every byte of multibyte characters and escapes.
PADDED = [
    "x" * pad + tail
    for pad in range(60, 76)
    for tail in ("é€🙂 and more text " * 4, "\\\\;,\\n" * 12)
]


def feed_events() -> list[FeedEvent]:
    texts = TRICKY + PADDED
    events = []
    for n, text in enumerate(texts):
        start = AT + timedelta(minutes=30 * n)
        events.append(
            FeedEvent(
                uid=f"forum-9-session-{n}@mayoral-forum",
                title=text,
                starts_at=start,
                ends_at=start + timedelta(minutes=45),
                last_modified=AT,
                created=AT - timedelta(days=3),
                sequence=n % 4,
                cancelled=n % 5 == 0,
                all_day=n == 1,
                description=texts[-1 - n],
                location=text[:40],
                url=f"https://forum.example/agenda/sessions/{n}?a=1,2;b",
                # ical.js takes the comma after an escaped backslash ("a\\\\,b") for part of the
                # value (icalendar's output too), so no category here ends in a backslash.
                categories=("Mayoral Forum", text[:30].rstrip("\\"), "Theme, with a comma"),
                summit_uid=f"{n};odd,uid@gfmd.example" if n % 2 else "",
            )
        )
    return events


def icalendar_vevent(event: FeedEvent) -> Event:
    """The event as icalendar's own writer puts it, property by property."""
    vevent = Event()
    for name, value in [
        ("uid", event.uid),
        ("dtstamp", event.last_modified),
        ("created", event.created),
        ("last-modified", event.last_modified),
        ("sequence", event.sequence),
        ("summary", event.title),
        ("status", "CANCELLED" if event.cancelled else "CONFIRMED"),
        ("transp", "TRANSPARENT" if event.cancelled else "OPAQUE"),
        ("description", event.description),
        ("location", event.location),
        ("url", event.url),
    ]:
        vevent.add(name, value)
    vevent.add("categories", list(event.categories))
    if event.summit_uid:
        vevent.add("x-gfmd-uid", vText(event.summit_uid), parameters={"VALUE": "TEXT"})
    if event.all_day:
        vevent.add("dtstart", event.starts_at.astimezone(TZ).date())
        vevent.add("dtend", event.starts_at.astimezone(TZ).date() + timedelta(days=1))
    else:
        vevent.add("dtstart", event.starts_at.astimezone(TZ))
        vevent.add("dtend", event.ends_at.astimezone(TZ))
    return vevent


def icalendar_calendar(events: list[FeedEvent]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//reference//EN")
    calendar.add("version", "2.0")
    for event in events:
        calendar.add_component(icalendar_vevent(event))
    head, _, tail = calendar.to_ical().partition(b"BEGIN:VEVENT")
    return head + vtimezone_bytes(ZONE, 2017, 2019) + b"BEGIN:VEVENT" + tail


def meaning_icaljs(body: bytes) -> dict[str, tuple[Any, ...]]:
    return {
        e["uid"]: (
            e["summary"], e["description"], e["location"], e["url"], tuple(e["categories"]),
            e["status"], e["sequence"], e["summitUid"],
        )
        for e in icaljs(body)["events"]
    }  # fmt: skip


def _vobject_value(event: Any, name: str) -> Any:
    lines = event.contents.get(name)
    return lines[0].value if lines else None


def meaning_vobject(body: bytes) -> dict[str, tuple[Any, ...]]:
    found = {}
    for e in vobject.readOne(body.decode()).vevent_list:
        value = lambda name, e=e: _vobject_value(e, name)  # noqa: E731
        found[value("uid")] = (
            value("summary"), value("description"), value("location"), value("url"),
            tuple(value("categories")), value("status"), int(value("sequence")),
            value("x-gfmd-uid"),
        )  # fmt: skip
    return found


def meaning_icalendar(body: bytes) -> dict[str, tuple[Any, ...]]:
    found = {}
    for e in Calendar.from_ical(body).walk("VEVENT"):
        text = lambda name, e=e: str(e[name]) if name in e else None  # noqa: E731
        found[text("UID")] = (
            text("SUMMARY"), text("DESCRIPTION"), text("LOCATION"), text("URL"),
            tuple(e["CATEGORIES"].cats), text("STATUS"), int(e["SEQUENCE"]), text("X-GFMD-UID"),
        )  # fmt: skip
    return found


def intended(events: list[FeedEvent]) -> dict[str, tuple[Any, ...]]:
    """What every reader should find: the texts as given, CR LF read as a line break."""
    return {
        e.uid: (
            e.title.replace("\r\n", "\n"), e.description.replace("\r\n", "\n"),
            e.location.replace("\r\n", "\n"),
            e.url, e.categories, "CANCELLED" if e.cancelled else "CONFIRMED", e.sequence,
            e.summit_uid or None,
        )
        for e in events
    }  # fmt: skip


def test_texts_read_back_as_written_by_icalendar_in_all_three_readers():
    events = feed_events()
    ours = build_calendar(events, name="n", zone=ZONE, around_year=2018)
    reference = icalendar_calendar(events)
    for read in (meaning_icaljs, meaning_vobject, meaning_icalendar):
        assert read(ours) == read(reference) == intended(events), read.__name__


def test_times_read_back_as_written_by_icalendar_in_all_three_readers():
    events = feed_events()
    ours = all_readers(build_calendar(events, name="n", zone=ZONE, around_year=2018))
    reference = all_readers(icalendar_calendar(events))
    assert ours == reference
    assert ours["ical.js"][events[1].uid] == (date(2018, 12, 8), date(2018, 12, 9))


def test_lines_are_folded_at_75_octets_without_splitting_a_character():
    body = build_calendar(feed_events(), name="n", zone=ZONE, around_year=2018)
    lines = body.split(b"\r\n")
    assert max(len(line) for line in lines) == 75
    for line in lines:
        line.decode()  # raises if a fold cut a UTF-8 character in two
    assert b"\n" not in body.replace(b"\r\n", b"")


def test_control_characters_never_reach_the_file():
    event = FeedEvent(
        uid="u@x", title="Bell\x07 form\x0cfeed\x00 nel\x85sep\u2028end", starts_at=AT,
        ends_at=AT + timedelta(hours=1), last_modified=AT, created=AT,
    )  # fmt: skip
    body = build_calendar([event], name="n", zone=ZONE, around_year=2018)
    [read] = icaljs(body)["events"]
    assert read["summary"] == "Bell formfeed nel sep end"
