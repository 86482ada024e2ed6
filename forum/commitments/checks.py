"""The one validation of a commitment and of a progress update, for forms, the API and the
import to come: raw input in, column values out, every problem named at once."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.agenda.models import Theme
from forum.commitments.models import Kind, PartnershipLevel, ProgressStatus, SupportArea
from forum.commitments.objectives import GCM, GCR
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus
from forum.translated import check_translations
from forum.validation import Checks, Text, Whole

TITLE = Text(max_length=200)
DESCRIPTION = Text(max_length=5000, required=False, multiline=True)
TARGET = Text(max_length=1000, required=False, multiline=True)
PARTNERS = Text(max_length=500, required=False)
COMMENT = Text(max_length=2000, multiline=True)
NARRATIVE = Text(max_length=5000, required=False, multiline=True)
EVIDENCE = Text(max_length=500, required=False)
PERCENT = Whole(minimum=0, maximum=100)
LANGUAGES = ("en", "fr", "es", "ar", "pt")
# Reports and targets within these years: a typo of a century is caught, not stored.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
E = TypeVar("E", bound=enum.Enum)


@dataclass
class CommitmentInput:
    """A commitment as typed in a form or sent as JSON, before any check."""

    theme_id: int | None = None
    kind: str | None = None
    title: str = ""
    description: str = ""
    language: str = "en"
    support_areas: list[str] = field(default_factory=list)
    partnership_level: str | None = None
    gcm_objectives: list[int] = field(default_factory=list)
    gcr_objectives: list[int] = field(default_factory=list)
    target: str = ""
    target_date: date | None = None
    partners: str = ""
    contact_id: int | None = None
    is_public: bool = True
    # Title and description in other languages than ``language``; None: leave them as stored
    # (only the organisers' form sends them).
    title_i18n: dict[str, str] | None = None
    description_i18n: dict[str, str] | None = None


@dataclass
class ProgressInput:
    """A progress update as typed, before any check."""

    reported_on: date | None = None
    status: str | None = None
    percent: int | None = None
    narrative: str = ""
    evidence_url: str = ""


def member(checks: Checks, name: str, enum_cls: type[E], value: str | None) -> E | None:
    """The enum member named by ``value``; noted as a problem when there is none."""
    try:
        return enum_cls(value)
    except ValueError:
        checks.refuse(name, _("Choose one of the options."))
        return None


def objective_numbers(
    checks: Checks, name: str, numbers: list[int], known: Mapping[int, object]
) -> list[int]:
    """The objective numbers, sorted and once each; unknown ones noted as a problem."""
    if any(number not in known for number in numbers):
        checks.refuse(name, _("Choose among the objectives listed."))
    return sorted({number for number in numbers if number in known})


def _day(checks: Checks, name: str, value: date | None, *, required: bool) -> None:
    if value is None:
        if required:
            checks.refuse(name, _("This field is required."))
    elif not FIRST_DAY <= value <= LAST_DAY:
        checks.refuse(name, _("Give a date between 2000 and 2100."))


def commitment_values(data: CommitmentInput, edition_id: int, city_id: int) -> dict[str, object]:
    """The columns of a valid commitment of this city and edition; InvalidInput otherwise."""
    checks = Checks()
    values: dict[str, object] = {
        "title": checks.text("title", data.title, TITLE),
        "description": checks.text("description", data.description, DESCRIPTION),
        "target": checks.text("target", data.target, TARGET),
        "partners": checks.text("partners", data.partners, PARTNERS),
        "kind": member(checks, "kind", Kind, data.kind),
        "gcm": objective_numbers(checks, "gcm_objectives", data.gcm_objectives, GCM),
        "gcr_objectives": objective_numbers(checks, "gcr_objectives", data.gcr_objectives, GCR),
        "target_date": data.target_date,
        "is_public": bool(data.is_public),
    }
    _day(checks, "target_date", data.target_date, required=False)
    if data.language not in LANGUAGES:
        checks.refuse("language", _("Choose one of the options."))
    values["language"] = data.language
    values["theme_id"] = edition_theme(checks, data.theme_id, edition_id)
    values["contact_id"] = _contact(checks, data.contact_id, edition_id, city_id)
    values.update(support_columns(checks, data.support_areas, data.partnership_level))
    values.update(_translations(checks, data, edition_id))
    checks.done()
    return values


def _translations(checks: Checks, data: CommitmentInput, edition_id: int) -> dict[str, object]:
    """The translations given, each by its field's rule, into the edition's languages other
    than the entry's own."""
    edition = db.session.get(Edition, edition_id)
    offered = list(edition.languages or []) if edition else []
    given = {"title": (data.title_i18n, TITLE), "description": (data.description_i18n, DESCRIPTION)}
    return {
        f"{name}_i18n": check_translations(
            checks, name, texts, rule, offered=offered, default=data.language
        )
        for name, (texts, rule) in given.items()
        if texts is not None
    }


def edition_theme(checks: Checks, theme_id: int | None, edition_id: int) -> int | None:
    """The theme id when it is one of the edition's; noted as a problem otherwise."""
    found = theme_id is not None and db.session.scalar(
        sa.select(Theme.id).where(Theme.id == theme_id, Theme.edition_id == edition_id)
    )
    if not found:
        checks.refuse("theme_id", _("Choose one of this edition's themes."))
    return theme_id


def _contact(checks: Checks, contact_id: int | None, edition_id: int, city_id: int) -> int | None:
    if contact_id is None:
        return None
    found = db.session.scalar(
        sa.select(Registration.id).where(
            Registration.id == contact_id,
            Registration.edition_id == edition_id,
            Registration.city_id == city_id,
            Registration.status == RegistrationStatus.APPROVED,
        )
    )
    if found is None:
        checks.refuse("contact_id", _("The contact must be an approved delegate of this city."))
    return contact_id


def support_columns(
    checks: Checks, chosen: list[str], level_value: str | None
) -> dict[str, object]:
    """The support-area columns of the areas chosen, with the level partnerships need."""
    areas = {member(checks, "support_areas", SupportArea, value) for value in chosen}
    level = None
    if SupportArea.PARTNERSHIPS in areas:
        level = member(checks, "partnership_level", PartnershipLevel, level_value)
    elif level_value:
        checks.refuse("partnership_level", _("A level goes with partnerships only."))
    return {
        "support_resources": SupportArea.RESOURCES in areas,
        "support_tools": SupportArea.TOOLS in areas,
        "support_partnerships": SupportArea.PARTNERSHIPS in areas,
        "partnership_level": level,
    }


def progress_values(data: ProgressInput, today: date) -> dict[str, object]:
    """The columns of a valid progress update (none dated after ``today``)."""
    checks = Checks()
    _day(checks, "reported_on", data.reported_on, required=True)
    if data.reported_on is not None and data.reported_on > today:
        checks.refuse("reported_on", _("A progress update cannot be dated in the future."))
    checks.whole("percent", data.percent, PERCENT)
    values: dict[str, object] = {
        "reported_on": data.reported_on,
        "status": member(checks, "status", ProgressStatus, data.status),
        "percent": data.percent,
        "narrative": checks.text("narrative", data.narrative, NARRATIVE),
        "evidence_url": checks.text("evidence_url", data.evidence_url, EVIDENCE),
    }
    if values["evidence_url"] and not _is_web_link(str(values["evidence_url"])):
        checks.refuse("evidence_url", _("Give a web address starting with http:// or https://."))
    checks.done()
    return values


def _is_web_link(text: str) -> bool:
    """True for an http or https address naming a host (no javascript:, data:, file:)."""
    try:
        link = urlsplit(text)
        return link.scheme in {"http", "https"} and bool(link.hostname)
    except ValueError:  # a malformed address, such as an unclosed IPv6 bracket
        return False
