"""Dates, times and numbers on every page: one set of locale-aware formats (Babel).

Times are shown in the edition's zone without seconds and without the zone after each
time; a page names the zone once (``zone_note``). Whether the clock reads 13:45 or 1:45 PM
is the locale's own choice, read from its short time pattern, never hard-coded.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime as DateTime
from datetime import tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, get_timezone_gmt
from babel.numbers import format_decimal
from flask import Flask
from flask_babel import get_locale
from flask_babel import gettext as _

from forum.timezones import in_zone


def _locale() -> Locale:
    return get_locale() or Locale.parse("en")


def _clock(locale: Locale) -> str:
    """The skeleton of an hour and minute on the locale's own clock (12 or 24 hours)."""
    return "hm" if "h" in str(locale.time_formats["short"].pattern) else "Hm"


def _local(value: DateTime, zone: str) -> tuple[DateTime, tzinfo]:
    tz = ZoneInfo(zone)
    return in_zone(value, tz), tz


def date(value: Date | DateTime | None, zone: str | None = None, form: str = "medium") -> str:
    """A day ("8 Dec 2018"; ``form`` short, medium, long or full), in ``zone`` for a moment."""
    if value is None:
        return ""
    if isinstance(value, DateTime):
        value = in_zone(value, zone).date() if zone else value.date()
    locale = _locale()
    # The medium day names its month ("8 Dec 2018"); Arabic's is all digits (08/12/2018),
    # which readers across the forum's countries read differently: the long day instead.
    if form == "medium" and "MMM" not in str(locale.date_formats["medium"].pattern):
        form = "long"
    return format_date(value, form, locale=locale)


def time(value: DateTime | None, zone: str, language: str | None = None) -> str:
    """The clock time of a UTC moment in ``zone``, hours and minutes ("13:45" or "1:45 PM");
    ``language``: the page's, when a list of a thousand times names it once rather than have
    each look it up."""
    if value is None:
        return ""
    return _clock_time(value, zone, _parsed(language) if language else _locale())


@lru_cache(maxsize=64)
def _parsed(language: str) -> Locale:
    return Locale.parse(language)


# A programme of 500 sessions shows a few dozen distinct times, each a thousand times over:
# the formatting (a pure function of moment, zone and locale) is remembered.
@lru_cache(maxsize=8192)
def _clock_time(value: DateTime, zone: str, locale: Locale) -> str:
    local, tz = _local(value, zone)
    return format_skeleton(_clock(locale), local, tzinfo=tz, locale=locale)


def datetime(value: DateTime | None, zone: str, form: str = "medium") -> str:
    """A day and a clock time in ``zone`` ("Dec 8, 2018, 1:45 PM"), never seconds or offsets."""
    if value is None:
        return ""
    # All-digit days (10/12/18) read differently across the forum's countries: never shorter
    # than the medium day ("Oct 12, 2018"); the full day is written but joined as the long.
    form = "medium" if form == "short" else form
    locale = _locale()
    pattern = str(locale.datetime_formats["long" if form == "full" else form])
    day = date(value, zone, form)
    return pattern.replace("'", "").replace("{1}", day).replace("{0}", time(value, zone))


def time_range(start: DateTime | None, end: DateTime | None, zone: str) -> str:
    """From ``start`` to ``end`` in ``zone`` ("1:45 to 3:00 PM"), with the days when they differ."""
    if start is None or end is None:
        return datetime(start or end, zone)
    (first, tz), (last, _tz) = _local(start, zone), _local(end, zone)
    if first.date() != last.date():
        return f"{datetime(start, zone)} – {datetime(end, zone)}"
    locale = _locale()
    return format_interval(first, last, _clock(locale), tzinfo=tz, locale=locale)


def date_span(first: Date, last: Date, form: str = "medium") -> str:
    """One day, or a span of days: as the language shortens one ("medium"), or both days in
    full ("long", where nothing may be misread: a letter's check page)."""
    locale = _locale()
    if first == last:
        return format_date(first, "long", locale=locale)
    if form == "long":
        start, end = (format_date(day, "long", locale=locale) for day in (first, last))
        return f"{start} – {end}"
    return format_interval(first, last, "yMMMd", locale=locale)


def number(value: int | float) -> str:
    """A number written the way the language writes it (1,234 / 1 234).

    Always in Western digits, Arabic too (as in Morocco, the Maghreb and the dates Babel writes):
    one set of digits on every page, badge and code.
    """
    return format_decimal(value, locale=_locale(), numbering_system="latn")


def zone_note(zone: str, place: str, on: Date) -> str:
    """The one line a page names its zone by: "Times are local to Marrakech (GMT+01:00)."."""
    # The offset of the edition's own days: summer time elsewhere in the year is irrelevant.
    local = DateTime.combine(on, DateTime.min.time().replace(hour=12), tzinfo=ZoneInfo(zone))
    offset = get_timezone_gmt(local, "long", locale=_locale())
    return _("Times are local to %(place)s (%(offset)s).", place=place, offset=offset)


def init_app(app: Flask) -> None:
    """Expose the formats to templates as filters."""
    for function in (date, date_span, time, datetime, time_range, number, zone_note):
        app.jinja_env.filters[function.__name__] = function
