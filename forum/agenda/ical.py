"""iCalendar (RFC 5545) feeds of the programme. Pure: knows nothing of Flask or the database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from forum.timezones import in_zone, local_day

PRODID = "-//Mayoral Forum//forum agenda//EN"


@dataclass(frozen=True)
class FeedEvent:
    """One session as a calendar sees it."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    last_modified: datetime
    created: datetime
    sequence: int = 0
    all_day: bool = False
    cancelled: bool = False
    description: str = ""
    location: str = ""
    url: str | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)


@lru_cache(maxsize=32)
def _vtimezone(zone: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of ``zone`` over a few years (building it is slow, so it is cached)."""
    return Timezone.from_tzid(
        zone, first_date=date(first_year, 1, 1), last_date=date(last_year, 12, 31)
    )


def build_calendar(
    events: Iterable[FeedEvent], *, name: str, zone: str, around_year: int, description: str = ""
) -> bytes:
    """A complete calendar: times in ``zone`` with its VTIMEZONE, one VEVENT per session."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add_component(_vtimezone(zone, around_year - 1, around_year + 1))
    head = calendar.to_ical()
    closing = b"END:VCALENDAR\r\n"
    assert head.endswith(closing)
    body = b"".join(event_bytes(event, zone) for event in events)
    return head[: -len(closing)] + body + closing


@lru_cache(maxsize=20_000)
def event_bytes(event: FeedEvent, zone: str) -> bytes:
    """One VEVENT, serialised by icalendar. Cached: an event that did not change (same
    sequence, times, texts…) is never serialised twice, which keeps big feeds fast."""
    return bytes(_vevent(event, ZoneInfo(zone)).to_ical())


def _vevent(event: FeedEvent, tz: ZoneInfo) -> Event:
    vevent = Event()
    vevent.add("uid", event.uid)
    # The last change doubles as DTSTAMP, so an unchanged agenda gives identical bytes.
    vevent.add("dtstamp", event.last_modified)
    vevent.add("created", event.created)
    vevent.add("last-modified", event.last_modified)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", event.title)
    _add_times(vevent, event, tz)
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.cancelled else "OPAQUE")
    if event.description:
        vevent.add("description", event.description)
    if event.location:
        vevent.add("location", event.location)
    if event.url:
        vevent.add("url", event.url)
    if event.categories:
        vevent.add("categories", list(event.categories))
    return vevent


def _add_times(vevent: Event, event: FeedEvent, tz: ZoneInfo) -> None:
    if event.all_day:
        first = local_day(event.starts_at, tz)
        last = local_day(event.ends_at - timedelta(microseconds=1), tz)
        vevent.add("dtstart", first)
        # DTEND of a DATE is exclusive (and no later than the calendar's last day).
        vevent.add("dtend", last + timedelta(days=1) if last < date.max else last)
        return
    vevent.add("dtstart", in_zone(event.starts_at, tz))
    vevent.add("dtend", in_zone(event.ends_at, tz))
