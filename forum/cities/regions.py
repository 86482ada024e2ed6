"""World regions of countries: the UN M49 regions and sub-regions, named by CLDR in Babel."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale

M49_FILE = Path(__file__).parent / "data" / "m49-regions.csv"
AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA = "002", "019", "142", "150", "009"
REGIONS = (AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA)
# M49 lists no region for these two ISO 3166 codes; CLDR's territory containment places
# Taiwan in Eastern Asia and Antarctica in Outlying Oceania, and so do we.
M49_GAPS = {"TW": (ASIA, "030"), "AQ": (OCEANIA, "QO")}


@dataclass(frozen=True)
class Place:
    """A country's M49 region (e.g. 019 Americas) and sub-region (e.g. 419 Latin America)."""

    region: str
    subregion: str


@cache
def _places() -> dict[str, Place]:
    with M49_FILE.open(encoding="utf-8", newline="") as rows:
        places = {
            row["alpha-2"]: Place(row["region-code"], row["sub-region-code"])
            for row in csv.DictReader(rows)
            if row["region-code"]
        }
    places.update({code: Place(*pair) for code, pair in M49_GAPS.items()})
    return places


def place(country_code: str) -> Place | None:
    """The country's M49 region and sub-region, or None for a code M49 does not know."""
    return _places().get(country_code.upper())


def region_code(country_code: str) -> str | None:
    """The M49 region (Africa 002, Americas 019, Asia 142, Europe 150, Oceania 009) of a country."""
    found = place(country_code)
    return found.region if found else None


@cache
def countries_in(region: str) -> tuple[str, ...]:
    """The ISO 3166 codes of the countries in an M49 region (none for an unknown code)."""
    return tuple(sorted(code for code, found in _places().items() if found.region == region))


def subregion_code(country_code: str) -> str | None:
    """The M49 sub-region of a country (Latin America and the Caribbean 419 for Ecuador)."""
    found = place(country_code)
    return found.subregion if found else None


@lru_cache(maxsize=256)
def region_name(code: str | None, locale: str = "en") -> str:
    """The region's name in ``locale`` (CLDR's names of the M49 codes)."""
    if code is None:
        return Locale.parse(locale).territories.get("001", "World")
    return Locale.parse(locale).territories.get(code, code)
