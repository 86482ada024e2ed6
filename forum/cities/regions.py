"""World regions of countries (UN M49 codes), read from CLDR's time-zone data in Babel."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.core import get_global

AFRICA, AMERICAS, ASIA, EUROPE, OCEANIA = "002", "019", "142", "150", "009"
ZONE_AREA = {
    "Africa": AFRICA,
    "America": AMERICAS,
    "Asia": ASIA,
    "Europe": EUROPE,
    "Australia": OCEANIA,
    "Pacific": OCEANIA,
}
# Island states whose zones are named after an ocean, not a continent.
OCEAN_ISLANDS = {
    "CV": AFRICA,
    "SH": AFRICA,
    "SC": AFRICA,
    "MU": AFRICA,
    "RE": AFRICA,
    "YT": AFRICA,
    "KM": AFRICA,
    "MG": AFRICA,
    "TF": AFRICA,
    "IS": EUROPE,
    "FO": EUROPE,
    "BM": AMERICAS,
    "FK": AMERICAS,
    "GS": AMERICAS,
    "MV": ASIA,
    "IO": ASIA,
    "CX": ASIA,
    "CC": ASIA,
}


@lru_cache(maxsize=512)
def region_code(country_code: str) -> str | None:
    """The M49 region (Africa 002, Americas 019, Asia 142, Europe 150, Oceania 009) of a country."""
    code = country_code.upper()
    if code in OCEAN_ISLANDS:
        return OCEAN_ISLANDS[code]
    for zone in get_global("territory_zones").get(code, []):
        area = ZONE_AREA.get(zone.split("/", 1)[0])
        if area is not None:
            return area
    return None


@lru_cache(maxsize=256)
def region_name(code: str | None, locale: str = "en") -> str:
    """The region's name in ``locale``."""
    if code is None:
        return Locale.parse(locale).territories.get("001", "World")
    return Locale.parse(locale).territories.get(code, code)


def flag(country_code: str) -> str:
    """The country's flag as two regional-indicator characters (an emoji flag)."""
    code = country_code.upper()
    if len(code) != 2 or not code.isalpha():
        return ""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code)
