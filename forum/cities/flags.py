"""Country flags as SVG files vendored from the flag-icons package (static/vendor/flag-icons)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FLAGS_DIR = "vendor/flag-icons/flags/4x3"
STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
UNKNOWN = "xx"  # flag-icons' blank flag, for a code it has no drawing of


@cache
def _known() -> frozenset[str]:
    return frozenset(path.stem for path in (STATIC_DIR / FLAGS_DIR).glob("*.svg"))


def flag_file(country_code: str) -> str:
    """The flag's path under static/, e.g. ``vendor/flag-icons/flags/4x3/es.svg``."""
    code = country_code.lower()
    return f"{FLAGS_DIR}/{code if code in _known() else UNKNOWN}.svg"
