"""An edition's settings as typed, and the one set of rules every entry path (the settings
page, the clone page and the CLI) checks them with; moving times between editions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import pycountry
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _

from forum.translated import check_translations
from forum.validation import Checks, Text, Whole

NUMBER = Whole(1, 999)
CAPACITY = Whole(1, 1_000_000)
OFFER_HOURS = Whole(1, 24 * 30)
TITLE = Text(300)
SUBTITLE = Text(300, required=False)
CITY = Text(120)
VENUE = Text(300, required=False)
SOURCE = Text(500, required=False)
CONTACT = Text(254, required=False)
# Printed before a badge's number: capitals, digits and hyphens ("MRK18-").
BADGE_PREFIX = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,11}$")
# The forum began in 2014; nothing is planned further ahead than the century.
FIRST_YEAR, LAST_YEAR = 2000, 2100
LONGEST_EDITION = timedelta(days=31)
# Windows open at most this long before the edition, and close at most this long after.
WINDOW_REACH = timedelta(days=3 * 366)


@dataclass
class EditionSettings:
    """What an organiser sets on an edition; the windows in the edition's local time."""

    number: int | None
    title: str
    city: str
    country_code: str
    timezone: str
    starts_on: date | None
    ends_on: date | None
    subtitle: str = ""
    venue: str = ""
    capacity: int | None = None
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    edit_deadline: datetime | None = None
    gfmd_agenda_source: str = ""
    waitlist_offer_hours: int | None = 72
    contact_email: str = ""
    title_i18n: dict[str, str] = field(default_factory=dict)
    subtitle_i18n: dict[str, str] = field(default_factory=dict)
    default_language: str = "en"
    languages: list[str] = field(default_factory=lambda: ["en", "fr", "es"])
    badge_prefix: str = ""

    def as_columns(self) -> dict[str, object]:
        """The edition's column values (windows in UTC); call once checked."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        zone = ZoneInfo(self.timezone)
        for name, column in WINDOWS.items():
            local = values.pop(name)
            values[column] = local.replace(tzinfo=zone).astimezone(UTC) if local else None
        values["gfmd_agenda_source"] = self.gfmd_agenda_source or None
        values["year"] = self.starts_on.year if self.starts_on else None
        return values


WINDOWS = {
    "registration_opens": "registration_opens_at",
    "registration_closes": "registration_closes_at",
    "edit_deadline": "edit_deadline",
}


@cache
def _zone_names() -> frozenset[str]:
    # Reading the zone database takes a while; it only changes when the machine's does.
    return frozenset(available_timezones())


def known_zone(name: str) -> bool:
    """True for an IANA zone name this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return name in _zone_names()


@cache
def zone_choices() -> list[tuple[str, str]]:
    """Every IANA zone name, for a select."""
    return [(name, name) for name in sorted(_zone_names()) if "/" in name or name == "UTC"]


def check_settings(settings: EditionSettings) -> EditionSettings:
    """The settings cleaned; InvalidInput naming every problem otherwise."""
    checks = Checks()
    checks.whole("number", settings.number, NUMBER, required=True)
    for name, rule in (("title", TITLE), ("subtitle", SUBTITLE), ("city", CITY)):
        setattr(settings, name, checks.text(name, getattr(settings, name), rule))
    settings.venue = checks.text("venue", settings.venue, VENUE)
    settings.gfmd_agenda_source = checks.text(
        "gfmd_agenda_source", settings.gfmd_agenda_source, SOURCE
    )
    checks.whole("capacity", settings.capacity, CAPACITY)
    checks.whole("waitlist_offer_hours", settings.waitlist_offer_hours, OFFER_HOURS, required=True)
    code = (settings.country_code or "").strip().upper()
    if pycountry.countries.get(alpha_2=code) is None:
        checks.refuse("country_code", _("Please choose a country."))
    settings.country_code = code
    if not known_zone(settings.timezone):
        checks.refuse(
            "timezone", _("Please choose a time zone from the list (e.g. Europe/Berlin).")
        )
    settings.contact_email = _check_contact(checks, settings.contact_email)
    _check_languages(checks, settings)
    _check_dates(checks, settings)
    _check_windows(checks, settings)
    checks.done()
    return settings


def _check_languages(checks: Checks, settings: EditionSettings) -> None:
    """Languages the site speaks, the default among them; each translation by its field's
    rule; a badge prefix of capitals, digits and hyphens."""
    spoken = list(current_app.config["LANGUAGES"])
    settings.languages = [lang for lang in spoken if lang in (settings.languages or [])]
    if not settings.languages:
        checks.refuse("languages", _("Please offer at least one language."))
    if settings.default_language not in spoken:
        checks.refuse("default_language", _("Please choose a language from the list."))
    elif settings.languages and settings.default_language not in settings.languages:
        checks.refuse("default_language", _("The default language must be one of those offered."))
    languages: dict[str, Any] = {
        "offered": settings.languages,
        "default": settings.default_language,
    }
    settings.title_i18n = check_translations(
        checks, "title", settings.title_i18n, TITLE, **languages
    )
    settings.subtitle_i18n = check_translations(
        checks, "subtitle", settings.subtitle_i18n, SUBTITLE, **languages
    )
    settings.badge_prefix = (settings.badge_prefix or "").strip().upper()
    if settings.badge_prefix and not BADGE_PREFIX.match(settings.badge_prefix):
        checks.refuse(
            "badge_prefix", _("Use up to 12 capital letters, digits and hyphens (e.g. MRK18).")
        )


def _check_contact(checks: Checks, address: str) -> str:
    """The contact address normalised, or noted as wrong."""
    address = checks.text("contact_email", address, CONTACT)
    if not address:
        return ""
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        checks.refuse("contact_email", _("Please enter a valid e-mail address."))
        return address


def _check_dates(checks: Checks, settings: EditionSettings) -> None:
    """Both dates given, in sane years, the end on or after the start and not far after."""
    starts, ends = settings.starts_on, settings.ends_on
    if starts is None:
        checks.refuse("starts_on", _("This field is required."))
    if ends is None:
        checks.refuse("ends_on", _("This field is required."))
    if starts is None or ends is None:
        return
    if not FIRST_YEAR <= starts.year <= LAST_YEAR:
        checks.refuse(
            "starts_on",
            _("Please give a year from %(first)d to %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
        )
    if ends < starts:
        checks.refuse("ends_on", _("The edition cannot end before it starts."))
    elif ends - starts > LONGEST_EDITION:
        checks.refuse("ends_on", _("An edition lasts at most a month."))


def _check_windows(checks: Checks, settings: EditionSettings) -> None:
    """Windows in order (opening, closing; the edit deadline after opening) and near the edition."""
    if settings.starts_on is None or settings.ends_on is None:
        return
    try:
        earliest = datetime.combine(settings.starts_on, datetime.min.time()) - WINDOW_REACH
        latest = datetime.combine(settings.ends_on, datetime.max.time()) + WINDOW_REACH
    except OverflowError:  # a date near year 1 or 9999, already refused on its own field
        return
    for name in WINDOWS:
        moment = getattr(settings, name)
        if moment is not None and not earliest <= moment <= latest:
            checks.refuse(name, _("Please choose a time within three years of the edition."))
    opens, closes = settings.registration_opens, settings.registration_closes
    if opens and closes and closes <= opens:
        checks.refuse("registration_closes", _("Registration must close after it opens."))
    deadline = settings.edit_deadline
    if opens and deadline and deadline <= opens:
        checks.refuse("edit_deadline", _("The edit deadline must come after registration opens."))


def moved(instant: datetime, old_zone: str, new_zone: str, days: int) -> datetime:
    """``instant`` moved by ``days`` keeping its local wall-clock time, re-expressed from
    ``old_zone`` in ``new_zone`` (a 10:00 session stays at 10:00 local, across summer time
    and a change of zone). A time that does not exist locally (the hour skipped in spring)
    comes out as the same number of minutes past the skipped hour, as zoneinfo reads it."""
    local = instant.astimezone(ZoneInfo(old_zone)).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=ZoneInfo(new_zone)).astimezone(UTC)
