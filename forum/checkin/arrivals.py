"""Who has arrived: by category and country, per quarter hour, and the mayors still awaited."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from forum.badges.models import Badge
from forum.checkin.models import ENTRANCE, CheckIn, ScanStatus
from forum.cities.services import country_name
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.labels import CATEGORY_LABELS
from forum.registration.models import Category, Registration, RegistrationStatus

BUCKET = timedelta(minutes=15)


def arrivals(edition: Edition) -> dict[str, object]:
    """The arrivals board of an edition, as plain data for the page and its JSON."""
    approved = _approved(edition)
    first_entry = _first_entries(edition)
    arrived = [r for r in approved if r.id in first_entry]
    return {
        "approved": len(approved),
        "arrived": len(arrived),
        "by_category": _breakdown(approved, arrived, lambda r: str(CATEGORY_LABELS[r.category])),
        "by_country": _breakdown(approved, arrived, lambda r: country_name(r.city.country_code)),
        "per_quarter_hour": _per_bucket(first_entry.values(), edition),
        "mayors_awaited": sorted(
            (
                f"{r.full_name} ({r.city.name})"
                for r in approved
                if r.category is Category.MAYOR and r.id not in first_entry
            ),
            key=str.casefold,
        ),
    }


def _approved(edition: Edition) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.edition_id == edition.id,
                Registration.status == RegistrationStatus.APPROVED,
            )
            .options(joinedload(Registration.city))
        )
    )


def _first_entries(edition: Edition) -> dict[int, datetime]:
    """Each registration's first admission at the entrance."""
    rows = db.session.execute(
        sa.select(Badge.registration_id, sa.func.min(CheckIn.scanned_at))
        .join(CheckIn, CheckIn.badge_id == Badge.id)
        .where(
            CheckIn.edition_id == edition.id,
            CheckIn.checkpoint == ENTRANCE,
            CheckIn.status == ScanStatus.OK,
        )
        .group_by(Badge.registration_id)
    ).all()
    return {registration_id: at for registration_id, at in rows}  # noqa: C416 (Row objects)


def _breakdown(
    approved: list[Registration], arrived: list[Registration], key: Callable[[Registration], str]
) -> list[dict[str, object]]:
    totals, here = Counter(map(key, approved)), Counter(map(key, arrived))
    return [
        {"label": label, "approved": total, "arrived": here.get(label, 0)}
        for label, total in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def _per_bucket(times: Iterable[datetime], edition: Edition) -> list[dict[str, object]]:
    """Arrivals per 15 minutes in the edition's time zone, gaps included, from first to last."""
    local = sorted(t.astimezone(edition.zone) for t in times)
    if not local:
        return []
    start = local[0].replace(minute=local[0].minute - local[0].minute % 15, second=0, microsecond=0)
    counts = Counter(int((t - start) / BUCKET) for t in local)
    return [
        {"from": (start + BUCKET * i).strftime("%H:%M"), "count": counts.get(i, 0)}
        for i in range(max(counts) + 1)
    ]
