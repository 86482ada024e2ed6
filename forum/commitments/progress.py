"""How fresh a commitment's reporting is: green, amber or red, as the UN Partnerships
platform marks entries a year and two years after their last report."""

from __future__ import annotations

import enum
from datetime import date, datetime


class Staleness(enum.Enum):
    """Green within a year of the last report, amber within two, red after."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the next year has none, 1 March is a year on
        return date(day.year + years, 3, 1)


def staleness(last_update: date | None, published_at: datetime | None, now: datetime) -> Staleness:
    """The colour at ``now``: counted from the latest update, or from publication without one
    (an entry never published nor updated is green: nothing is due yet)."""
    since = last_update or (published_at.date() if published_at else None)
    if since is None:
        return Staleness.GREEN
    today = now.date()
    if today <= _years_later(since, 1):
        return Staleness.GREEN
    if today <= _years_later(since, 2):
        return Staleness.AMBER
    return Staleness.RED
