"""VTIMEZONE blocks that every calendar client reads alike. Pure: no Flask, no database.

icalendar's ``Timezone.from_tzinfo`` (7.x) puts several onsets in one comma-separated RDATE,
which ical.js (Thunderbird) and vobject read as the first onset only, and it writes each
onset's DTSTART in the new offset's wall-clock time where RFC 5545 counts it in the old one,
an hour off at every change. It has no option for either, so the onsets are found here from
zoneinfo (IANA tzdata) and written one observance per onset, with icalendar's components.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

# Since 1970 no zone's changes come closer than 6 days (tzdata 2026), so none hides between
# two steps half a day apart.
SCAN_STEP = timedelta(hours=12)


@dataclass(frozen=True)
class Onset:
    """One change of a zone's rules: from when (local time before it), which offsets, named how."""

    local_start: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool


def _state(moment: datetime, tz: ZoneInfo) -> tuple[timedelta, str, bool]:
    local = moment.astimezone(tz)
    return local.utcoffset() or timedelta(), local.tzname() or "", bool(local.dst())


def _first_changed(start: datetime, end: datetime, tz: ZoneInfo) -> datetime:
    """The first UTC second in (start, end] whose state differs from ``start``'s (bisection)."""
    before = _state(start, tz)
    low, high = start, end
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) // 2
        middle = middle.replace(microsecond=0)
        if _state(middle, tz) == before:
            low = middle
        else:
            high = middle
    return high


def onsets(zone: str, first_year: int, last_year: int) -> list[Onset]:
    """The zone's state on 1 January of ``first_year``, then each change to ``last_year``'s end."""
    tz = ZoneInfo(zone)
    moment = datetime(first_year, 1, 1, tzinfo=tz).astimezone(UTC)
    end = datetime(last_year + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    state = _state(moment, tz)
    found = [Onset(moment.astimezone(tz).replace(tzinfo=None), state[0], *state)]
    while moment < end:
        step = min(moment + SCAN_STEP, end)
        if _state(step, tz) != state:
            step = _first_changed(moment, step, tz)
            state = _state(step, tz)
            previous = found[-1].offset_to
            local = (step + previous).replace(tzinfo=None)  # RFC 5545: the old offset's clock
            found.append(Onset(local, previous, *state))
        moment = step
    return found


def _observance(onset: Onset) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if onset.daylight else TimezoneStandard()
    observance.DTSTART = onset.local_start
    observance.TZOFFSETFROM = onset.offset_from
    observance.TZOFFSETTO = onset.offset_to
    observance.add("TZNAME", onset.name)
    return observance


@lru_cache(maxsize=64)
def vtimezone_bytes(zone: str, first_year: int, last_year: int) -> bytes:
    """The serialised VTIMEZONE of ``zone`` from ``first_year`` to ``last_year``, both whole."""
    timezone = Timezone()
    timezone.add("TZID", zone)
    for onset in onsets(zone, first_year, last_year):
        timezone.add_component(_observance(onset))
    return bytes(timezone.to_ical())
