"""The open-data file of an edition, for the follow-up of the Global Compacts: its published
public entries with their progress updates and objectives, and its published offers, under
a stable schema (open_data.schema.json, described in README.md) and the CC BY 4.0 licence.

Names of people and e-mail addresses are left out: the file is for analysis, the site is
where cities and organisations are contacted.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from forum.agenda.models import Theme
from forum.cities.models import City
from forum.commitments.models import Commitment, Offer, ProgressUpdate
from forum.commitments.offers import published_offers
from forum.commitments.progress import staleness
from forum.commitments.published import published_entries
from forum.editions.models import Edition

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).with_name("open_data.schema.json")
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Mayoral Forum on Human Mobility, Migration and Development",
}


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema the file follows."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def _instant(value: datetime | None) -> str | None:
    """UTC, to the second, with a Z: what every reader parses."""
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _city(city: City | None) -> dict[str, str] | None:
    return {"name": city.name, "country": city.country_code} if city else None


def _update(update: ProgressUpdate) -> dict[str, Any]:
    return {
        "reported_on": _day(update.reported_on),
        "status": update.status.value,
        "percent": update.percent,
        "narrative": update.narrative,
        "evidence_url": update.evidence_url,
    }


def _needs(row: Commitment | Offer) -> dict[str, Any]:
    """The fields entries and offers share."""
    return {
        "title": row.title,
        "description": row.description,
        "language": row.language,
        "support_areas": [area.value for area in row.support_areas],
        "partnership_level": row.partnership_level.value if row.partnership_level else None,
        "gcm_objectives": row.gcm_objectives,
    }


def _entry(entry: Commitment, now: datetime) -> dict[str, Any]:
    latest = entry.latest_update
    return {
        "id": entry.id,
        "city": _city(entry.city),
        "theme": entry.theme.slug,
        "kind": entry.kind.value,
        **_needs(entry),
        "gcr_objectives": sorted(entry.gcr_objectives),
        "target": entry.target,
        "target_date": _day(entry.target_date),
        "partners": entry.partners,
        "published_at": _instant(entry.published_at),
        "updated_at": _instant(entry.updated_at),
        "progress": latest.status.value if latest else None,
        "percent": latest.percent if latest else None,
        "staleness": staleness(
            latest.reported_on if latest else None, entry.published_at, now
        ).value,
        "updates": [_update(update) for update in entry.updates],
    }


def _offer(offer: Offer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "offerer_kind": offer.offerer_kind.value,
        "offerer_name": offer.offerer_name,
        "city": _city(offer.city),
        "theme": offer.theme.slug if offer.theme else None,
        **_needs(offer),
        "published_at": _instant(offer.published_at),
    }


def _edition(edition: Edition, themes: list[Theme]) -> dict[str, Any]:
    return {
        "number": edition.number,
        "year": edition.year,
        "title": edition.title,
        "city": edition.city,
        "country": edition.country_code,
        "starts_on": _day(edition.starts_on),
        "ends_on": _day(edition.ends_on),
        "themes": [
            {"key": t.slug, "title": t.title, "gcm_objectives": sorted(t.gcm_objectives)}
            for t in themes
        ],
    }


def open_data(
    edition: Edition, themes: list[Theme], *, now: datetime, source: str, schema_url: str
) -> dict[str, Any]:
    """The edition's open data as plain values, keys in the schema's order."""
    entries = published_entries(edition.id)
    used = {entry.theme_id for entry in entries}
    return {
        "schema_version": SCHEMA_VERSION,
        "schema": schema_url,
        "licence": LICENCE,
        "source": source,
        "generated_at": _instant(now),
        "edition": _edition(edition, [t for t in themes if t.is_published or t.id in used]),
        "commitments": [_entry(entry, now) for entry in entries],
        "offers": [_offer(offer) for offer in published_offers(edition.id)],
    }


def open_data_json(data: dict[str, Any]) -> bytes:
    """The file's bytes: UTF-8 JSON, indented so that a person can read it too."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
