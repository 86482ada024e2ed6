"""The folded text a registration is found by, kept up to date whenever one is written."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.auth.models import User
from forum.cities.services import country_name
from forum.registration.models import Registration
from forum.textsearch import every_word_in, fold

# Organisers type country names in the language they work in.
COUNTRY_NAME_LOCALES = ("en", "fr", "es")


def search_text_from(
    *, given: str, family: str, organisation: str, city: str, country_code: str, email: str
) -> str:
    """The folded words a registration is found by (also used by the migration that fills it)."""
    countries = dict.fromkeys(country_name(country_code, locale) for locale in COUNTRY_NAME_LOCALES)
    parts = [given, family, organisation, city, country_code, *countries, email]
    return fold(" ".join(part for part in parts if part))


def search_text(registration: Registration) -> str:
    """The folded words ``registration`` is found by."""
    return search_text_from(
        given=registration.given_name or "",
        family=registration.family_name or "",
        organisation=registration.organisation or "",
        city=registration.city.name if registration.city else "",
        country_code=registration.city.country_code if registration.city else "",
        email=registration.user.email if registration.user else "",
    )


def matches(query: str) -> sa.ColumnElement[bool]:
    """Registrations holding every word of ``query`` in any order, whatever the accents."""
    return every_word_in(Registration.search_text, query)


# What the search text is made of; a status change (a bulk decision on hundreds) costs nothing.
SEARCHED_FIELDS = ("given_name", "family_name", "organisation", "city", "city_id", "user")


def _words_moved(registration: Registration) -> bool:
    attrs = sa.inspect(registration).attrs
    return any(attrs[name].history.has_changes() for name in SEARCHED_FIELDS)


def _email_changed(user: User) -> bool:
    return bool(sa.inspect(user).attrs.email.history.has_changes())


def keep_search_text() -> None:
    """Refresh the search text of every registration written, whichever code writes it."""
    if not event.contains(Session, "before_flush", _refresh_search_text):
        event.listen(Session, "before_flush", _refresh_search_text)


def _refresh_search_text(session: Session, _context: Any, _instances: Any) -> None:
    # A listener, so that every writer (registering, editing details, accepting a change,
    # moving an address, the demo seed) keeps the search text without having to remember.
    changed = [obj for obj in session.new if isinstance(obj, Registration)]
    changed += [obj for obj in session.dirty if isinstance(obj, Registration) and _words_moved(obj)]
    moved = [
        obj.id
        for obj in session.dirty
        if isinstance(obj, User) and obj.id is not None and _email_changed(obj)
    ]
    if moved:
        with session.no_autoflush:
            changed += session.scalars(
                sa.select(Registration).where(Registration.user_id.in_(moved))
            ).all()
    for registration in changed:
        text = search_text(registration)
        if registration.search_text != text:
            registration.search_text = text
