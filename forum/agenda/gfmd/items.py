"""A summit calendar's events as items: UIDs, duplicates, series. Pure: no Flask, no database."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice, takewhile
from zoneinfo import ZoneInfo

import recurring_ical_events
from icalendar import Calendar, Event

from forum.agenda.gfmd.kinds import guess_kind
from forum.agenda.gfmd.times import ItemSkipped, normalise_times, to_utc
from forum.agenda.models import SessionKind

log = logging.getLogger(__name__)

# Without the summit's dates a series is taken for one year at most, and never beyond
# this many occurrences (a FREQ=MINUTELY rule would otherwise fill the programme).
SERIES_HORIZON = timedelta(days=366)
MAX_OCCURRENCES = 500
UNTITLED = "(untitled)"
# Properties whose problems normalise_times reports itself.
_TIME_PROPERTIES = {"DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"}


@dataclass(frozen=True)
class SummitItem:
    """One item of the summit's agenda, times in UTC."""

    uid: str
    title: str
    description: str
    location: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    cancelled: bool
    kind: SessionKind


@dataclass
class _Series:
    """The events of one UID: the main one and the occurrences it overrides."""

    uid: str
    master: Event | None = None
    overrides: list[Event] = field(default_factory=list)


@dataclass
class FeedItems:
    """The items of a calendar, and the UIDs of those refused for times out of range."""

    items: list[SummitItem] = field(default_factory=list)
    refused: set[str] = field(default_factory=set)

    def refuse(self, uid: str, label: str, warnings: list[str]) -> None:
        """Leave an item out because a time of it cannot be written (year 1, year 9999…)."""
        warnings.append(f"{label} has a time out of range; it was not taken.")
        self.refused.add(uid)


def items_of(
    calendar: Calendar,
    *,
    zone: ZoneInfo,
    window: tuple[date, date] | None,
    warnings: list[str],
) -> FeedItems:
    """Every item of ``calendar``: single events as they are, series expanded."""
    found = FeedItems()
    events = [event for event in calendar.walk("VEVENT") if isinstance(event, Event)]
    for series in _group_by_uid(events, zone, warnings, found):
        try:
            found.items.extend(_items_of_series(series, calendar, zone, window, warnings))
        except OverflowError:  # a date at the very end of the calendar, moved by a zone
            found.refuse(series.uid, label_of(series.master or series.overrides[0]), warnings)
    return found


def _items_of_series(
    series: _Series,
    calendar: Calendar,
    zone: ZoneInfo,
    window: tuple[date, date] | None,
    warnings: list[str],
) -> list[SummitItem]:
    """A single event's item, or a series' occurrences."""
    if series.master is not None and not series.overrides and not _recurs(series.master):
        return [build_item(series.master, series.uid, zone)]
    return _expand(series, calendar, zone, window, warnings)


def _group_by_uid(
    events: Iterable[Event], zone: ZoneInfo, warnings: list[str], found: FeedItems
) -> list[_Series]:
    """Events grouped by UID, times cleaned; of two events with one UID the newer is kept."""
    groups: dict[str, _Series] = {}
    for event in events:
        uid = _uid_of(event, warnings)
        label = label_of(event)
        _report_broken_lines(event, label, warnings)
        try:
            normalise_times(event, zone, label, warnings)
        except ItemSkipped as skipped:
            warnings.append(str(skipped))
            continue
        except OverflowError:
            found.refuse(uid, label, warnings)
            continue
        series = groups.setdefault(uid, _Series(uid))
        if event.get("RECURRENCE-ID") is not None:
            series.overrides.append(event)
        else:
            series.master = _newer(series.master, event, uid, warnings)
    return list(groups.values())


def label_of(event: Event) -> str:
    """How messages name an event: its title, and its UID when it has one."""
    title = str(event.get("SUMMARY", "")).strip() or UNTITLED
    uid = str(event.get("UID", "")).strip()
    return f"“{title}” ({uid})" if uid else f"“{title}”"


def _uid_of(event: Event, warnings: list[str]) -> str:
    """The event's UID; one derived from what it says when it has none (and set on it)."""
    uid = str(event.get("UID", "")).strip()
    if uid:
        return uid
    # Title, start and place as the feed wrote them: the same on every sync, so no duplicates.
    fingerprint = "|".join(_raw_text(event, name) for name in ("SUMMARY", "DTSTART", "LOCATION"))
    uid = f"derived-{hashlib.sha256(fingerprint.encode()).hexdigest()[:24]}"
    start = _raw_text(event, "DTSTART")
    warnings.append(f"{label_of(event)} starting {start} has no UID; it is known as {uid}.")
    event["UID"] = uid
    return uid


def _raw_text(event: Event, name: str) -> str:
    prop = event.get(name)
    if prop is None:
        return ""
    raw = prop.to_ical() if hasattr(prop, "to_ical") else str(prop)
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _report_broken_lines(event: Event, label: str, warnings: list[str]) -> None:
    """Say which lines icalendar could not read (times are reported where they are used)."""
    for name, message in event.errors:
        if name not in _TIME_PROPERTIES:
            warnings.append(f"{label}: {name or 'a line'} could not be read ({message}).")


def _newer(kept: Event | None, candidate: Event, uid: str, warnings: list[str]) -> Event:
    """Of two events with one UID, the higher SEQUENCE wins; on a tie, the later one."""
    if kept is None:
        return candidate
    winner = candidate if _sequence(candidate) >= _sequence(kept) else kept
    warnings.append(
        f"UID {uid} is used by more than one item; kept {label_of(winner)}"
        f" with SEQUENCE {_sequence(winner)}."
    )
    return winner


def _sequence(event: Event) -> int:
    try:
        return int(event.sequence)
    except (ValueError, TypeError):
        return 0


def _recurs(event: Event) -> bool:
    return event.get("RRULE") is not None or event.get("RDATE") is not None


def build_item(event: Event, uid: str, zone: ZoneInfo) -> SummitItem:
    """The item an event (or one occurrence of a series) stands for."""
    start, end = event.get("DTSTART").dt, event.get("DTEND").dt
    title = _text(event, "SUMMARY") or UNTITLED
    return SummitItem(
        uid=uid,
        title=title,
        description=_text(event, "DESCRIPTION"),
        location=_text(event, "LOCATION"),
        starts_at=to_utc(start, zone),
        ends_at=to_utc(end, zone),
        all_day=not isinstance(start, datetime),
        cancelled=_text(event, "STATUS").upper() == "CANCELLED",
        kind=guess_kind(title, _categories(event)),
    )


def _text(event: Event, name: str) -> str:
    value = event.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _categories(event: Event) -> list[str]:
    try:
        return [str(category) for category in event.categories]
    except (ValueError, AttributeError):
        return []


def _expand(
    series: _Series,
    calendar: Calendar,
    zone: ZoneInfo,
    window: tuple[date, date] | None,
    warnings: list[str],
) -> list[SummitItem]:
    """The occurrences of a series inside the window (or its first year), as items."""
    label = label_of(series.master or series.overrides[0])
    start, stop = _bounds(series, window, zone)
    query = recurring_ical_events.of(_series_calendar(series, calendar))
    try:
        occurrences = list(_occurrences_between(query, start, stop, zone))
        continues = window is None and _starts_after(query, stop, zone)
    except Exception as error:  # broken rules fail in many ways: say so, go on
        # The library's words are for the log: organisers read the warning on the sync page.
        log.warning("summit series %s: repetition not worked out: %r", series.uid, error)
        warnings.append(f"{label}: its repetition could not be worked out.")
        return [build_item(series.master, series.uid, zone)] if series.master else []
    if len(occurrences) > MAX_OCCURRENCES:
        occurrences = occurrences[:MAX_OCCURRENCES]
        warnings.append(f"{label} repeats too often; only its first {MAX_OCCURRENCES} were taken.")
    if window is not None and not occurrences:
        warnings.append(f"{label} repeats, but never within the summit's dates; nothing was taken.")
    if continues:
        warnings.append(f"{label} repeats beyond a year; only its first year was taken.")
    return [
        build_item(event, occurrence_uid(series.uid, event, zone), zone) for event in occurrences
    ]


def _occurrences_between(
    query: recurring_ical_events.CalendarQuery, start: datetime, stop: datetime, zone: ZoneInfo
) -> Iterable[Event]:
    """Occurrences from ``start`` until ``stop``, one more than the cap at most."""
    in_range = takewhile(lambda event: _start_utc(event, zone) < stop, query.after(start))
    return islice(in_range, MAX_OCCURRENCES + 1)


def _starts_after(
    query: recurring_ical_events.CalendarQuery, stop: datetime, zone: ZoneInfo
) -> bool:
    """True when some occurrence starts at or after ``stop`` (they come in order of start)."""
    later = (event for event in query.after(stop) if _start_utc(event, zone) >= stop)
    return next(later, None) is not None


def _start_utc(event: Event, zone: ZoneInfo) -> datetime:
    return to_utc(event.get("DTSTART").dt, zone)


def _bounds(
    series: _Series, window: tuple[date, date] | None, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """From the window's first day to the end of its last, or the series' first year."""
    if window is not None:
        first, last = window
        start = datetime.combine(first, time.min, zone)
        return start, datetime.combine(last + timedelta(days=1), time.min, zone)
    events = [series.master] if series.master else series.overrides
    start = min(_start_utc(event, zone) for event in events)
    return start, start + SERIES_HORIZON


def _series_calendar(series: _Series, calendar: Calendar) -> Calendar:
    """A calendar holding one series and the feed's time zones, for expansion alone."""
    single = Calendar()
    for component in calendar.walk("VTIMEZONE"):
        single.add_component(component)
    for event in [series.master, *series.overrides]:
        if event is not None:
            single.add_component(event)
    return single


def occurrence_uid(uid: str, occurrence: Event, zone: ZoneInfo) -> str:
    """The UID of one occurrence: the series' UID and its original start in UTC."""
    original = occurrence.get("RECURRENCE-ID") or occurrence.get("DTSTART")
    return f"{uid}#{to_utc(original.dt, zone).astimezone(UTC).isoformat()}"
