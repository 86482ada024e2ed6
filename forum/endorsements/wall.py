"""The running list of endorsing cities: cheap to poll, newest first."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload

from forum.cities.flags import flag_file
from forum.cities.folding import match_key
from forum.cities.regions import region_code, region_name
from forum.cities.services import country_name
from forum.endorsements.models import Declaration, Endorsement
from forum.endorsements.schemas import WallAnswer, WallEntry
from forum.extensions import db

# From this many cities the wall's type shrinks, then shrinks again (static/css/wall.css).
DENSE_FROM, DENSER_FROM = 16, 60


def density_class(count: int) -> str:
    """The wall's CSS class for ``count`` cities, so that about 170 fit on one projected screen."""
    if count >= DENSER_FROM:
        return "is-denser"
    return "is-dense" if count >= DENSE_FROM else ""


@dataclass(frozen=True)
class WallVersion:
    """Changes whenever the wall would: a new endorsement or a withdrawal."""

    etag: str
    count: int


def wall_version(declaration: Declaration) -> WallVersion:
    """The wall's ETag from one aggregate query (the 304 path runs only this)."""
    count, newest, newest_withdrawal, standing = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.max(Endorsement.endorsed_at),
            sa.func.max(Endorsement.withdrawn_at),
            sa.func.count(Endorsement.id).filter(Endorsement.withdrawn_at.is_(None)),
        ).where(Endorsement.declaration_id == declaration.id)
    ).one()
    digest = hashlib.sha256(
        repr((declaration.id, count, newest, newest_withdrawal)).encode()
    ).hexdigest()
    return WallVersion(etag=digest[:32], count=int(standing or 0))


def standing_endorsements(declaration: Declaration) -> list[Endorsement]:
    """Endorsements not withdrawn, newest first, city loaded."""
    return list(
        db.session.scalars(
            sa.select(Endorsement)
            .where(Endorsement.declaration_id == declaration.id, Endorsement.withdrawn_at.is_(None))
            .options(joinedload(Endorsement.city))
            .order_by(Endorsement.endorsed_at.desc(), Endorsement.id.desc())
        )
    )


def wall_json(declaration: Declaration, locale: str = "en") -> WallAnswer:
    """The public wall: the count and each endorsing city with its flag and region."""
    endorsements = standing_endorsements(declaration)
    return WallAnswer(
        declaration=declaration.id,
        count=len(endorsements),
        endorsements=[_city_entry(e, locale) for e in endorsements],
    )


def _city_entry(endorsement: Endorsement, locale: str) -> WallEntry:
    code = endorsement.city.country_code
    region = region_code(code)
    return WallEntry(
        city=endorsement.city.name,
        country=code,
        country_name=country_name(code, locale),
        flag=url_for("static", filename=flag_file(code)),
        region=region,
        region_name=region_name(region, locale),
        endorsed_at=endorsement.endorsed_at,
        method=endorsement.method.value,
    )


def by_region(entries: list[WallEntry]) -> list[tuple[str, list[WallEntry]]]:
    """Entries grouped by region name, regions sorted by name, each keeping the entries' order."""
    groups: dict[str, list[WallEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.region_name, []).append(entry)
    return sorted(groups.items(), key=lambda group: match_key(group[0]))
