"""Finding cities by name, whatever the accents or case, and naming countries."""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

import pycountry
import sqlalchemy as sa
from babel.support import Translations
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from forum.cities.folding import match_key
from forum.cities.models import City
from forum.cities.slugs import free_slug
from forum.extensions import db


def find_or_create_city(name: str, country_code: str) -> City:
    """The city with this name in this country, created on first mention."""
    name = " ".join(name.split())
    country_code = country_code.upper()
    key = match_key(name)
    city = db.session.scalar(
        sa.select(City).where(City.country_code == country_code, City.match_key == key)
    )
    if city is not None:
        return city
    for _attempt in range(3):
        try:
            # A savepoint, so losing a race with another new registration keeps our transaction.
            with db.session.begin_nested():
                slug = free_slug(name, country_code)
                city = City(name=name, country_code=country_code, match_key=key, slug=slug)
                db.session.add(city)
            return city
        except IntegrityError:
            # The same city made meanwhile (take it), or another one that took the slug (retry).
            city = db.session.scalar(
                sa.select(City).where(City.country_code == country_code, City.match_key == key)
            )
            if city is not None:
                return city
    raise RuntimeError(f"no free address for the city {name!r} ({country_code})")


NAME_ATTRIBUTES = ("common_name", "name", "official_name")
UNTRANSLATED = ""  # what the catalogue answers for a name it does not hold
OUR_CATALOGUES = Path(__file__).resolve().parent.parent / "translations"
# Names the iso-codes catalogues lack in a language the forum speaks, translated in our own
# catalogues instead: ISO renamed Turkey "Türkiye" in 2022, and the Arabic one has neither.
MISSING_FROM_ISO = (_l("Türkiye"),)


class _Untranslated(gettext.NullTranslations):
    """The last fallback of a catalogue: says "not here" instead of echoing the name."""

    def gettext(self, message: str) -> str:
        return UNTRANSLATED


@lru_cache(maxsize=8)
def _country_translation(locale: str) -> gettext.NullTranslations:
    catalogue = gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
    )
    ours = Translations.load(str(OUR_CATALOGUES), [locale])  # see MISSING_FROM_ISO
    ours.add_fallback(_Untranslated())
    catalogue.add_fallback(ours)
    return catalogue


@lru_cache(maxsize=4_096)  # the catalogues do not change while the process runs
def country_name(code: str, locale: str = "en") -> str:
    """The country's common name in ``locale``, or the code when unknown."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    # The common name first ("Iran"); where the language's catalogue lacks it, the ISO name
    # it has ("Iran, Islamic Republic of"), rather than English in the middle of Arabic.
    english = [name for name in (getattr(country, a, None) for a in NAME_ATTRIBUTES) if name]
    translation = _country_translation(locale)
    translated = (translation.gettext(name) for name in english)
    return next((text for text in translated if text != UNTRANSLATED), english[0])


def country_choices(locale: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, name) for every ISO 3166-1 country, sorted by name in ``locale``."""
    pairs = [(c.alpha_2, country_name(c.alpha_2, locale)) for c in pycountry.countries]
    return tuple(sorted(pairs, key=lambda pair: match_key(pair[1])))


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-2 code."""
    return pycountry.countries.get(alpha_2=code.upper()) is not None
