"""iCalendar (RFC 5545) feeds of the programme. Pure: knows nothing of Flask or the database.

The calendar's head and its VTIMEZONE are written by icalendar; the VEVENTs, hundreds per
feed, by the few lines below: icalendar took ~0.25 ms an event, which made a 500-session
feed miss its 50 ms. tests/calendar reads both through icalendar, vobject and ical.js.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Calendar, vDuration

from forum.agenda.vtimezone import vtimezone_bytes
from forum.timezones import in_zone, local_day

PRODID = "-//Mayoral Forum//forum agenda//EN"
# How often subscribers should fetch the feed again (RFC 7986; X-PUBLISHED-TTL for Outlook).
REFRESH_INTERVAL = timedelta(hours=1)
# Years of VTIMEZONE before the first event and after the last.
ZONE_MARGIN_YEARS = 1
# Times this far from the edition's year (a broken feed's year 9999, say) are written in UTC,
# so the VTIMEZONE never has to span thousands of years.
ZONE_REACH_YEARS = 25
# Property of a summit item's own UID, kept beside the UID we give it.
SUMMIT_UID_PROPERTY = "X-GFMD-UID"

# Characters no value may hold: C0 controls but tab, DEL, and what some readers take for a
# line break (NEL, the Unicode line and paragraph separators), which becomes a space.
_CONTROLS: dict[int, str | None] = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0A, 0x20), 0x7F]),
    **dict.fromkeys([0x85, 0x2028, 0x2029], " "),
}


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
    summit_uid: str = ""
    # RFC 5545 LANGUAGE of SUMMARY, DESCRIPTION and LOCATION; empty: none said.
    title_language: str = ""
    description_language: str = ""
    location_language: str = ""


@dataclass(frozen=True)
class Person:
    """Someone an invitation names: a display name and an e-mail address."""

    name: str
    email: str


@dataclass(frozen=True)
class Invitation:
    """Makes a calendar an iTIP REQUEST (RFC 5546) from ``organizer`` to ``attendee``."""

    organizer: Person
    attendee: Person


def build_calendar(
    events: Iterable[FeedEvent],
    *,
    name: str,
    zone: str,
    around_year: int,
    description: str = "",
    invitation: Invitation | None = None,
) -> bytes:
    """A complete calendar: times in ``zone`` with its VTIMEZONE, one VEVENT per session.

    Without ``invitation`` it is a published feed (METHOD:PUBLISH, refreshed hourly);
    with one, an invitation (METHOD:REQUEST) whose events name organiser and attendee.
    """
    events = list(events)
    near = [e for e in events if _near(e, around_year)]
    first = min((e.starts_at.year for e in near), default=around_year) - ZONE_MARGIN_YEARS
    last = max((e.ends_at.year for e in near), default=around_year) + ZONE_MARGIN_YEARS
    extra = _invitation_lines(invitation) if invitation else ()
    body = b"".join(event_bytes(event, zone, extra, around_year) for event in events)
    return (
        _head(name, zone, description, invitation is not None)
        + vtimezone_bytes(zone, first, last)
        + body
        + b"END:VCALENDAR\r\n"
    )


def _head(name: str, zone: str, description: str, request: bool) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST" if request else "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    if description:
        calendar.add("x-wr-caldesc", description)
    if not request:  # an invitation is read once; a published feed is fetched again
        calendar.add("refresh-interval", vDuration(REFRESH_INTERVAL, {"VALUE": "DURATION"}))
        calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    head = bytes(calendar.to_ical())
    closing = b"END:VCALENDAR\r\n"
    assert head.endswith(closing)
    return head[: -len(closing)]


def clear_caches() -> None:
    """Forget the VTIMEZONEs and events written so far, as a restart does (for benchmarks)."""
    vtimezone_bytes.cache_clear()
    event_bytes.cache_clear()


def _near(event: FeedEvent, around_year: int) -> bool:
    """True when the event's times are written in the zone, not in UTC."""
    years = (event.starts_at.year, event.ends_at.year)
    return all(abs(year - around_year) <= ZONE_REACH_YEARS for year in years)


@lru_cache(maxsize=20_000)
def event_bytes(
    event: FeedEvent, zone: str, extra: tuple[str, ...] = (), around_year: int | None = None
) -> bytes:
    """One VEVENT. Cached: an event that did not change (same sequence, times, texts...) is
    not written twice, which keeps a big feed that is fetched again and again cheap."""
    in_reach = around_year is None or _near(event, around_year)
    return _vevent(event, ZoneInfo(zone), zone if in_reach else None, extra).encode()


def _vevent(event: FeedEvent, tz: ZoneInfo, zone: str | None, extra: tuple[str, ...]) -> str:
    # The last change doubles as DTSTAMP, so an unchanged agenda gives identical bytes.
    changed = _utc(event.last_modified)
    start, end = _times(event, tz, zone)
    # These lines are short by construction; only the others may need folding.
    fixed = (
        f"BEGIN:VEVENT\r\nDTSTAMP:{changed}\r\nCREATED:{_utc(event.created)}\r\n"
        f"LAST-MODIFIED:{changed}\r\nSEQUENCE:{int(event.sequence)}\r\n{start}\r\n{end}\r\n"
        f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}\r\n"
        f"TRANSP:{'TRANSPARENT' if event.cancelled else 'OPAQUE'}\r\n"
    )
    lines = [
        f"UID:{_text(event.uid)}",
        f"SUMMARY{_language(event.title_language)}:{_text(event.title)}",
    ]
    if event.description:
        lines.append(
            f"DESCRIPTION{_language(event.description_language)}:{_text(event.description)}"
        )
    if event.location:
        lines.append(f"LOCATION{_language(event.location_language)}:{_text(event.location)}")
    if event.url:
        lines.append(f"URL:{_verbatim(event.url)}")
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(_text(c) for c in event.categories))
    if event.summit_uid:
        # Without VALUE=TEXT, ical.js leaves an X- property's value escaped and vobject cuts
        # it at a comma; with it, all three readers unescape it.
        lines.append(f"{SUMMIT_UID_PROPERTY};VALUE=TEXT:{_text(event.summit_uid)}")
    lines += extra
    return fixed + "".join(_fold(line) + "\r\n" for line in lines) + "END:VEVENT\r\n"


def _times(event: FeedEvent, tz: ZoneInfo, zone: str | None) -> tuple[str, str]:
    if event.all_day:
        first = local_day(event.starts_at, tz)
        last = local_day(event.ends_at - timedelta(microseconds=1), tz)
        # DTEND of a DATE is exclusive (and no later than the calendar's last day).
        return f"DTSTART;VALUE=DATE:{_day(first)}", f"DTEND;VALUE=DATE:{_day(last, 1)}"
    start, end = in_zone(event.starts_at, tz), in_zone(event.ends_at, tz)
    if zone is None or _ambiguous(start) or _ambiguous(end):
        # A wall-clock time that occurs twice (clocks going back) is read differently by
        # each client; the UTC instant is read alike by all.
        return f"DTSTART:{_utc(start)}", f"DTEND:{_utc(end)}"
    return f"DTSTART;TZID={zone}:{_local(start)}", f"DTEND;TZID={zone}:{_local(end)}"


def _ambiguous(local: datetime) -> bool:
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def _invitation_lines(invitation: Invitation) -> tuple[str, ...]:
    organizer, attendee = invitation.organizer, invitation.attendee
    return (
        f"ORGANIZER;CN={_param(organizer.name)}:mailto:{_verbatim(organizer.email)}",
        f"ATTENDEE;CN={_param(attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;"
        f"PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:{_verbatim(attendee.email)}",
    )


def _language(tag: str) -> str:
    """A LANGUAGE parameter (RFC 5545 3.2.10) for a BCP 47 tag, or nothing."""
    tag = "".join(c for c in tag if c.isascii() and (c.isalnum() or c == "-"))
    return f";LANGUAGE={tag}" if tag else ""


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _day(day: date, plus_days: int = 0) -> str:
    return (day + timedelta(days=plus_days) if day < date.max else day).strftime("%Y%m%d")


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return value if value.isprintable() else value.translate(_CONTROLS)


def _verbatim(value: str) -> str:
    """A value written as it is (a URI), less any control character."""
    return value if value.isprintable() else value.translate(_CONTROLS)


def _param(value: str) -> str:
    """A quoted parameter value; a double quote cannot appear in one, so it becomes '."""
    return '"' + value.replace('"', "'").translate(_CONTROLS) + '"'


def _fold(line: str, limit: int = 75) -> str:
    """``line`` folded at 75 octets (RFC 5545 3.1), never inside a character or an escape."""
    if len(line) <= limit and line.isascii():
        return line
    data = line.encode()
    parts = []
    start = 0
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to the lead byte
            cut -= 1
        backslashes = 0
        while data[cut - 1 - backslashes] == 0x5C:
            backslashes += 1
        cut -= backslashes % 2  # an odd run ends in half an escape: keep the pair together
        parts.append(data[start:cut])
        start = cut
        limit = 74  # continuation lines begin with a space, which counts
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()
