"""Reading the times of a summit item, however the feed wrote them. Pure: no Flask, no database.

Real feeds name time zones they never define, mix UTC and floating times, give
dates where times belong, leave out DTEND or end before they start. Each event's
DTSTART/DTEND are rewritten here as clean values (aware date-times or dates, end
after start) before anything else, recurrence expansion included, reads them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Event

DEFAULT_LENGTH = timedelta(hours=1)
ONE_DAY = timedelta(days=1)


class ItemSkipped(Exception):
    """The item's start cannot be read, so the item is left out (the message says why)."""


def to_utc(value: date, zone: ZoneInfo) -> datetime:
    """A clean start or end as an aware UTC date-time; a date is midnight in ``zone``."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time.min, tzinfo=zone).astimezone(UTC)


def normalise_times(event: Event, zone: ZoneInfo, label: str, warnings: list[str]) -> None:
    """Rewrite the event's DTSTART and DTEND as clean values; raise ItemSkipped without a start."""
    start = read_moment(event, "DTSTART", zone, label, warnings)
    if start is None:
        raise ItemSkipped(f"{label} has no readable start (DTSTART), so it was left out.")
    end = _end_of(event, start, zone, label, warnings)
    start, end = _same_type(start, end, zone, label, warnings)
    if end <= start:
        warnings.append(
            f"{label} does not end after it starts; taken as {_default_length_text(start)}."
        )
        end = start + _default_length(start)
    _write(event, start, end)
    _localise_recurrence_id(event, zone)


def read_moment(
    event: Event, name: str, zone: ZoneInfo, label: str, warnings: list[str]
) -> date | None:
    """The date or aware date-time of property ``name``; None (with a warning) if unreadable."""
    prop = event.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        warnings.append(f"{label} has {len(prop)} {name} lines; the first was taken.")
        prop = prop[0]
    try:
        value = prop.dt
    except (ValueError, AttributeError):
        value = None
    if not isinstance(value, date):
        warnings.append(f"{label}: {name} {_raw(prop)!r} is not a date or a date-time.")
        return None
    if isinstance(value, datetime) and prop.params.get("VALUE") == "DATE":
        # One message for DTSTART and DTEND alike: warnings are de-duplicated by text.
        warnings.append(f"{label}: its times are marked as dates but carry a time; taken as times.")
    return _localise(value, prop.params.get("TZID"), zone, label, warnings)


def _localise(
    value: date, tzid: str | None, zone: ZoneInfo, label: str, warnings: list[str]
) -> date:
    """Give a time without a zone the edition's zone (floating times, unknown TZIDs)."""
    if not isinstance(value, datetime) or value.tzinfo is not None:
        return value
    if tzid:
        # icalendar resolves IANA and Windows names itself; what is left is unknown.
        warnings.append(f"{label}: unknown time zone {tzid!r}; its times were taken in {zone.key}.")
    return value.replace(tzinfo=zone)


def _end_of(event: Event, start: date, zone: ZoneInfo, label: str, warnings: list[str]) -> date:
    """DTEND, else DTSTART + DURATION, else one day for dates and one hour for times."""
    end = read_moment(event, "DTEND", zone, label, warnings)
    if end is not None:
        return end
    duration = _duration(event)
    if duration is not None:
        return start + duration
    if isinstance(start, datetime):
        warnings.append(f"{label} has no end (DTEND or DURATION); taken as one hour.")
    return start + _default_length(start)


def _duration(event: Event) -> timedelta | None:
    """The event's DURATION, when it has a readable one."""
    prop = event.get("DURATION")
    try:
        value = prop.dt if prop is not None else None
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, timedelta) else None


def _same_type(
    start: date, end: date, zone: ZoneInfo, label: str, warnings: list[str]
) -> tuple[date, date]:
    """Start and end both dates or both date-times; a stray date becomes midnight in ``zone``."""
    if isinstance(start, datetime) == isinstance(end, datetime):
        return start, end
    warnings.append(
        f"{label} mixes a date and a date-time; the date was taken as midnight in {zone.key}."
    )
    return _as_datetime(start, zone), _as_datetime(end, zone)


def _as_datetime(value: date, zone: ZoneInfo) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, time.min, zone)


def _default_length(start: date) -> timedelta:
    return DEFAULT_LENGTH if isinstance(start, datetime) else ONE_DAY


def _default_length_text(start: date) -> str:
    return "one hour" if isinstance(start, datetime) else "one day"


def _write(event: Event, start: date, end: date) -> None:
    """Replace the event's times with the clean ones (DURATION goes: DTEND says it all)."""
    for name in ("DTSTART", "DTEND", "DURATION"):
        event.pop(name, None)
    event.add("DTSTART", start)
    event.add("DTEND", end)


def _localise_recurrence_id(event: Event, zone: ZoneInfo) -> None:
    """A floating RECURRENCE-ID gets the edition's zone, as its series' DTSTART did."""
    prop = event.get("RECURRENCE-ID")
    try:
        value = prop.dt if prop is not None else None
    except (ValueError, AttributeError):
        return
    if isinstance(value, datetime) and value.tzinfo is None:
        event.pop("RECURRENCE-ID")
        event.add("RECURRENCE-ID", value.replace(tzinfo=zone))


def _raw(prop: object) -> str:
    """A property's text as the feed wrote it, for messages."""
    to_ical = getattr(prop, "to_ical", None)
    if to_ical is None:
        return str(prop)
    raw = to_ical()
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
