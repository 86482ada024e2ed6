"""Which column the organisers' list is sorted by, and the words above each page of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import format_number, ngettext
from flask_sqlalchemy.pagination import Pagination

from forum.registration.moderation import SORT_KEYS

# Newest registrations first unless asked otherwise; other columns start A to Z.
DEFAULT_SORT = "registered"


@dataclass(frozen=True)
class Sort:
    """A column of the list and its direction."""

    key: str = DEFAULT_SORT
    descending: bool = True

    def aria(self, key: str) -> str | None:
        """The ``aria-sort`` value of the header of column ``key`` (None when not sorted by it)."""
        if key != self.key:
            return None
        return "descending" if self.descending else "ascending"

    def link_args(self, key: str) -> dict[str, str]:
        """The address arguments of a header link: the other way round when already sorted."""
        if key == self.key:
            return {"sort": key, "dir": "asc" if self.descending else "desc"}
        return {"sort": key, "dir": "desc" if key == DEFAULT_SORT else "asc"}


def sort_from(args: Mapping[str, str]) -> Sort:
    """The sort asked for in the address, limited to the known columns."""
    key = args.get("sort", DEFAULT_SORT)
    if key not in SORT_KEYS:
        key = DEFAULT_SORT
    direction = args.get("dir")
    if direction not in ("asc", "desc"):
        direction = "desc" if key == DEFAULT_SORT else "asc"
    return Sort(key=key, descending=direction == "desc")


def shown_range(page: Pagination) -> str:
    """Which rows a page shows of how many, numbers written the way the language writes them."""
    on_page, total = len(page.items), page.total or 0
    if on_page == total:  # all on one page: "3 registrations", no range
        return ngettext(
            "%(count)s registration", "%(count)s registrations", total, count=format_number(total)
        )
    first = page.first if on_page else 0
    last = page.last if on_page else 0
    return ngettext(
        "%(first)s–%(last)s of %(count)s registration",
        "%(first)s–%(last)s of %(count)s registrations",
        total,
        first=format_number(first),
        last=format_number(last),
        count=format_number(total),
    )
