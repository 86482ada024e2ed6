"""Times in a time zone, even at the very ends of the calendar. Pure: no Flask, no database.

A stored UTC time may lie so near year 1 or year 9999 that moving it to a zone leaves the
years Python can write (a feed said 9999-12-31T23:00Z, say). Pages must still show it, so
the conversion stops at the edge of the calendar instead of failing.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def in_zone(value: datetime, zone: ZoneInfo | str) -> datetime:
    """``value`` in ``zone``; past the ends of the calendar, the first or last moment of it."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    try:
        return value.astimezone(tz)
    except OverflowError:
        edge = datetime.max if value.year == datetime.max.year else datetime.min
        return edge.replace(tzinfo=tz)


def local_day(value: datetime, zone: ZoneInfo | str) -> date:
    """The day ``value`` falls on in ``zone``."""
    return in_zone(value, zone).date()
