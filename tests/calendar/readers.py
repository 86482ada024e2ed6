"""Three independent calendar readers: Mozilla ical.js (Thunderbird), vobject and icalendar.

Each turns an .ics into {UID: (start, end)} with UTC instants (dates for all-day events),
placing local times with the file's own VTIMEZONE, as a calendar client does, never with
the zoneinfo database the feed was written from.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import vobject
from icalendar import Calendar
from icalendar.timezone.pytz import PYTZ

ROOT = Path(__file__).resolve().parents[2]
READ_ICS = ROOT / "tests" / "js" / "read-ics.mjs"

Instant = datetime | date
Times = dict[str, tuple[Instant, Instant]]


def icaljs(body: bytes) -> dict[str, Any]:
    """Everything tests/js/read-ics.mjs reports: calendar properties and events."""
    done = subprocess.run(
        ["node", str(READ_ICS)], input=body, capture_output=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def _instant(text: str) -> Instant:
    if len(text) == 10:
        return date.fromisoformat(text)
    return datetime.fromisoformat(text).astimezone(UTC)


def icaljs_times(body: bytes) -> Times:
    """Start and end of each event as ical.js reads them."""
    return {e["uid"]: (_instant(e["start"]), _instant(e["end"])) for e in icaljs(body)["events"]}


def _utc(value: Instant) -> Instant:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return value


def vobject_times(body: bytes) -> Times:
    """Start and end of each event as vobject (dateutil's VTIMEZONE reader) reads them.

    vobject keeps the first VTIMEZONE it meets for a TZID for the life of the process; the
    file's own are registered over them first, as a fresh process would read the file.
    """
    text = body.decode()
    for vtimezone in getattr(vobject.readOne(text), "vtimezone_list", []):
        vobject.icalendar.registerTzid(vtimezone.tzid.value, vtimezone.gettzinfo())
    calendar = vobject.readOne(text)
    return {
        str(e.uid.value): (_utc(e.dtstart.value), _utc(e.dtend.value)) for e in calendar.vevent_list
    }


def icalendar_times(body: bytes) -> Times:
    """Start and end of each event as icalendar reads the file's own VTIMEZONE.

    icalendar would look a known TZID up in zoneinfo and never read the VTIMEZONE; its
    pytz provider builds a zone from the VTIMEZONE's observances instead (no global switch).
    """
    calendar = Calendar.from_ical(body)
    zones = {str(tz["TZID"]): PYTZ().create_timezone(tz) for tz in calendar.walk("VTIMEZONE")}
    place = _placer(zones)
    return {
        str(e["UID"]): (place(e["DTSTART"]), place(e["DTEND"])) for e in calendar.walk("VEVENT")
    }


def _placer(zones: dict[str, Any]) -> Callable[[Any], Instant]:
    def place(prop: Any) -> Instant:
        value = prop.dt
        if not isinstance(value, datetime):
            return value
        tzid = prop.params.get("TZID")
        if tzid is None:
            return _utc(value)
        return zones[str(tzid)].localize(value.replace(tzinfo=None)).astimezone(UTC)

    return place


READERS: dict[str, Callable[[bytes], Times]] = {
    "ical.js": icaljs_times,
    "vobject": vobject_times,
    "icalendar": icalendar_times,
}


def all_readers(body: bytes) -> dict[str, Times]:
    """What each of the three readers makes of ``body``."""
    return {name: read(body) for name, read in READERS.items()}
