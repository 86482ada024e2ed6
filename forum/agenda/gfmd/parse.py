"""Reading a summit feed's text into items and warnings. Pure: no Flask, no database.

A file that is no calendar at all raises FeedError; anything less is taken as far as it
can be and the rest is said in the warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from forum.agenda.gfmd.fetch import FeedError
from forum.agenda.gfmd.items import SummitItem, items_of
from forum.agenda.gfmd.times import to_utc

# RFC 5545 lets simple writers fold a line inside a multi-octet UTF-8 character.
_BYTE_FOLD = re.compile(rb"\r?\n[ \t]")


@dataclass(frozen=True)
class ParsedFeed:
    """The items of a summit feed, in time order, and what could not be taken as written."""

    items: list[SummitItem]
    warnings: list[str]


def parse_summit_feed(
    data: bytes, *, zone: ZoneInfo, window: tuple[date, date] | None
) -> ParsedFeed:
    """The feed's items (series expanded within ``window``, local days in ``zone``) and warnings."""
    warnings: list[str] = []
    calendar = _load_calendar(_decode(data, warnings))
    warnings.extend(_header_warnings(calendar))
    items = items_of(calendar, zone=zone, window=window, warnings=warnings)
    if window is not None:
        warnings.extend(_outside_window(items, window, zone))
    items = _unique_by_uid(items, warnings)
    items.sort(key=lambda item: (item.starts_at, item.ends_at, item.uid))
    return ParsedFeed(items=items, warnings=list(dict.fromkeys(warnings)))


def _unique_by_uid(items: list[SummitItem], warnings: list[str]) -> list[SummitItem]:
    """One item per UID (an override may repeat an occurrence's); the first is kept."""
    unique: dict[str, SummitItem] = {}
    for item in items:
        if item.uid in unique:
            warnings.append(f"Two items of the feed come out as {item.uid}; the first was kept.")
        unique.setdefault(item.uid, item)
    return list(unique.values())


def _decode(data: bytes, warnings: list[str]) -> str:
    """The feed as text: UTF-8 (folds inside a character mended), else Windows-1252."""
    if b"\x00" in data[:4096]:
        raise FeedError("Not an iCalendar file: it holds binary data.")
    for candidate in (data, _BYTE_FOLD.sub(b"", data)):
        try:
            return candidate.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
    warnings.append("The feed is not valid UTF-8; it was read as Windows-1252.")
    return data.decode("cp1252", "replace")


def _load_calendar(text: str) -> Calendar:
    """The VCALENDAR of ``text``, or FeedError saying what is wrong and on which line."""
    number, first = _first_line(text)
    if first.upper() != "BEGIN:VCALENDAR":
        raise FeedError(
            f"Not an iCalendar file: line {number} reads {first[:60]!r}"
            " where BEGIN:VCALENDAR should be."
        )
    try:
        component = Calendar.from_ical(text)
    except ValueError as error:
        raise FeedError(_explain(text, error)) from error
    if not isinstance(component, Calendar) or component.name != "VCALENDAR":
        raise FeedError("Not an iCalendar file: it holds no VCALENDAR.")
    return component


def _first_line(text: str) -> tuple[int, str]:
    """The number and text of the first line that is not blank."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            return number, line.strip()
    raise FeedError("The feed is empty.")


def _explain(text: str, error: ValueError) -> str:
    """What icalendar could not read, with the line it is on when it can be found."""
    unclosed = _unclosed_component(text)
    if unclosed is not None:
        number, name = unclosed
        return (
            f"Line {number}: BEGIN:{name} is never closed by END:{name}"
            " (the file looks cut short or damaged)."
        )
    quoted = re.search(r"'([^']{3,})'", str(error))
    line = _line_containing(text, quoted.group(1)[:40]) if quoted else None
    where = f"Line {line}: " if line else ""
    return f"{where}the calendar cannot be read ({str(error).splitlines()[0]})."


def _unclosed_component(text: str) -> tuple[int, str] | None:
    """(line, name) of the first BEGIN without its END, for the error message only."""
    open_components: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        keyword, _, name = line.rstrip().upper().partition(":")
        if keyword == "BEGIN":
            open_components.append((number, name))
        elif keyword == "END" and open_components and open_components[-1][1] == name:
            open_components.pop()
        elif keyword == "END":
            return open_components[-1] if open_components else (number, name)
    return open_components[-1] if open_components else None


def _line_containing(text: str, snippet: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if snippet in line:
            return number
    return None


def _header_warnings(calendar: Calendar) -> list[str]:
    """What the calendar itself lacks or could not say (RFC 5545 requires VERSION and PRODID)."""
    warnings = [
        f"The feed has no {name} line." for name in ("VERSION", "PRODID") if name not in calendar
    ]
    warnings.extend(
        f"A line of the calendar could not be read ({message})."
        for _name, message in calendar.errors
    )
    return warnings


def _outside_window(
    items: list[SummitItem], window: tuple[date, date], zone: ZoneInfo
) -> list[str]:
    """One warning counting the items that lie outside the summit's dates."""
    first, last = window
    opens, closes = to_utc(first, zone), to_utc(last + timedelta(days=1), zone)
    outside = sum(1 for item in items if item.ends_at <= opens or item.starts_at >= closes)
    if not outside:
        return []
    return [f"{outside} item(s) lie outside the summit's dates ({first} to {last})."]
