"""A city's address on the public pages: /cities/<country>/<slug>, the slug made once from
the name and then kept, so links keep working when a name's spelling is tidied."""

from __future__ import annotations

import re

import sqlalchemy as sa
from anyascii import anyascii

from forum.cities.models import City
from forum.extensions import db

SLUG_LENGTH = 100
NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug_of(name: str) -> str:
    """The name in ASCII, lower case, words joined by hyphens ("Québec" → "quebec",
    "Кыїв" → "kyyiv"); "city" for a name with no letter or digit left."""
    return NOT_SLUG.sub("-", anyascii(name).lower()).strip("-")[:SLUG_LENGTH].strip("-") or "city"


def free_slug(name: str, country_code: str) -> str:
    """The name's slug, with -2, -3… when another city of the country already has it
    ("São Paulo" and "Sao-Paulo" fold apart but write alike)."""
    base = slug_of(name)
    taken = set(
        db.session.scalars(
            sa.select(City.slug).where(
                City.country_code == country_code.upper(),
                sa.or_(City.slug == base, City.slug.like(f"{base}-%")),
            )
        )
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def city_by_slug(country_code: str, slug: str) -> City | None:
    """The city at /cities/<country>/<slug>, or None."""
    return db.session.scalar(
        sa.select(City).where(City.country_code == country_code.upper(), City.slug == slug)
    )
