"""The list filters as they travel in a page's query string."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import TypeVar

from forum.agenda.models import Theme
from forum.cities.regions import REGIONS
from forum.commitments.models import Kind, ProgressStatus, Status, SupportArea
from forum.commitments.objectives import GCM
from forum.commitments.queries import Filter
from forum.validation import control_problem

E = TypeVar("E", bound=enum.Enum)
# The query-string keys the lists read (pages keep them from one page to the next).
FILTER_KEYS = ("theme", "kind", "area", "gcm", "region", "country", "city", "progress", "status",
               "q", "edition")  # fmt: skip
MAX_SEARCH = 200


def _member(enum_cls: type[E], value: str | None) -> E | None:
    try:
        return enum_cls(value) if value else None
    except ValueError:  # a hand-edited address: that filter is dropped, the page still shows
        return None


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def page_number(args: Mapping[str, str]) -> int:
    """The page asked for (1 when none or nonsense)."""
    return max(1, _number(args.get("page")) or 1)


def from_args(args: Mapping[str, str], themes: list[Theme]) -> Filter:
    """The filter a query string asks for; unknown values are left out."""
    by_slug = {theme.slug: theme.id for theme in themes}
    gcm = _number(args.get("gcm"))
    country = (args.get("country") or "").strip()
    return Filter(
        theme_id=by_slug.get(args.get("theme") or ""),
        kind=_member(Kind, args.get("kind")),
        area=_member(SupportArea, args.get("area")),
        gcm=gcm if gcm in GCM else None,
        country=country.upper() if len(country) == 2 and country.isalpha() else None,
        city_id=_number(args.get("city")),
        progress=_member(ProgressStatus, args.get("progress")),
        status=_member(Status, args.get("status")),
        q=_search(args.get("q")),
        region=region if (region := args.get("region")) in REGIONS else None,
    )


def _search(text: str | None) -> str | None:
    """Words to search for, on one line and of a bounded length (else no search)."""
    cleaned = " ".join((text or "").split())
    if not cleaned or len(cleaned) > MAX_SEARCH or control_problem(cleaned, multiline=False):
        return None
    return cleaned
