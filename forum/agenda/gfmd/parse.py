"""Reading a summit feed's text into items and warnings. Pure: no Flask, no database.

A file that is no calendar at all raises FeedError; anything less is taken as far as it
can be and the rest is said in the warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from forum.agenda.gfmd.fetch import FeedError
from forum.agenda.gfmd.items import SummitItem, items_of
from forum.agenda.gfmd.times import to_utc

# RFC 5545 lets simple writers fold a line inside a multi-octet UTF-8 character.
_BYTE_FOLD = re.compile(rb"\r?\n[ \t]")


@dataclass(frozen=True)
class ParsedFeed:
    """The items of a summit feed, in time order, and what could not be taken as written.

    ``refused`` holds the UIDs of items left out for their times (out of range, or outside
    the window): a session already taken from such an item is left as it was.
    """

    items: list[SummitItem]
    warnings: list[str]
    refused: frozenset[str] = frozenset()


def parse_summit_feed(
    data: bytes, *, zone: ZoneInfo, window: tuple[date, date] | None
) -> ParsedFeed:
    """The feed's items (series expanded within ``window``, local days in ``zone``) and warnings.

    With a window, an item that does not lie within it is refused, with a warning naming it.
    """
    warnings: list[str] = []
    calendar = _load_calendar(_decode(data, warnings))
    warnings.extend(_header_warnings(calendar))
    found = items_of(calendar, zone=zone, window=window, warnings=warnings)
    items = found.items
    if window is not None:
        items = _within(items, window, zone, warnings, found.refused)
    items = _unique_by_uid(items, warnings)
    items.sort(key=lambda item: (item.starts_at, item.ends_at, item.uid))
    refused = frozenset(found.refused - {item.uid for item in items})
    return ParsedFeed(items=items, warnings=list(dict.fromkeys(warnings)), refused=refused)


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
        raise FeedError("The feed is not a calendar: it holds binary data.")
    for candidate in (data, _BYTE_FOLD.sub(b"", data)):
        try:
            return candidate.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
    warnings.append("The feed is not valid UTF-8; it was read as Windows-1252.")
    return data.decode("cp1252", "replace")


def _load_calendar(text: str) -> Calendar:
    """The VCALENDAR of ``text``, or FeedError saying what is wrong and on which line."""
    if _first_line(text).upper() != "BEGIN:VCALENDAR":
        # Never quote it: the body of a web page the server fetched is nobody's business.
        raise FeedError("The feed is not a calendar: it does not begin with BEGIN:VCALENDAR.")
    try:
        component = Calendar.from_ical(text)
    except ValueError as error:
        raise FeedError(_explain(text, error)) from error
    if not isinstance(component, Calendar) or component.name != "VCALENDAR":
        raise FeedError("The feed is not a calendar: it holds no VCALENDAR.")
    return component


def _first_line(text: str) -> str:
    """The first line that is not blank."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
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


def _within(
    items: list[SummitItem],
    window: tuple[date, date],
    zone: ZoneInfo,
    warnings: list[str],
    refused: set[str],
) -> list[SummitItem]:
    """The items that lie within the window's days; each one outside is named and refused."""
    first, last = window
    opens, closes = to_utc(first, zone), to_utc(last + timedelta(days=1), zone)
    kept = []
    for item in items:
        if opens <= item.starts_at and item.ends_at <= closes:
            kept.append(item)
            continue
        refused.add(item.uid)
        warnings.append(
            f"“{item.title}” ({item.uid}) runs from {_utc_text(item.starts_at)} to"
            f" {_utc_text(item.ends_at)}, outside the summit's dates with their margin"
            f" ({first} to {last}); it was not taken."
        )
    return kept


def _utc_text(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment:%m-%d %H:%M} UTC"  # %Y writes year 1 as "1"
