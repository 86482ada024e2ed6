"""Languages: choosing the locale and formatting times in the edition's zone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_location
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale, refresh
from flask_login import current_user
from markupsafe import Markup

from forum import formats
from forum.extensions import babel
from forum.timezones import local_day
from forum.translated import (
    Localized,
    default_language_of,
    localized,
    missing_languages,
    text_in,
)

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية"}


def select_locale() -> str:
    """The visitor's chosen language, else the account's, else the browser's best match."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    if current_user.is_authenticated and current_user.preferred_locale in languages:
        return str(current_user.preferred_locale)
    return _browser_language(languages) or languages[0]


def _browser_language(languages: tuple[str, ...]) -> str | None:
    """The browser's most wanted language we speak, by its primary tag: "ar-MA, fr;q=0.8" is
    Arabic (an exact-match-first search would have found French)."""
    for value, _quality in request.accept_languages:  # best first
        primary = value.replace("_", "-").split("-")[0].lower()
        if primary in languages:
            return primary
    return None


def adopt_owner_language(locale: str | None, owner: str) -> None:
    """Show the session in ``owner``'s language (a registrant opening their private link).

    Only the first time this owner is seen in the session: a language the visitor picks
    afterwards, with the switcher, stays picked.
    """
    if locale not in current_app.config["LANGUAGES"] or session.get("lang_owner") == owner:
        return
    session["lang"], session["lang_owner"] = locale, owner
    refresh()  # in case something already chose this request's language


def local_time(value: datetime | None, zone: str, fmt: str = "medium") -> str:
    """A UTC moment in ``zone`` with the zone's name, for e-mails (pages name it once instead)."""
    if value is None:
        return ""
    place = get_timezone_location(ZoneInfo(zone), locale=get_locale())
    # CLDR's French pattern is "heure : {0}", with a breakable space before the colon.
    place = place.replace(" :", "\u00a0:")
    return f"{formats.datetime(value, zone, fmt)} ({place})"


def language_name(code: str) -> str:
    """A language's name in the reader's language ("French", "français"), or its code."""
    name = get_locale().languages.get(code) if get_locale() else None
    return name or code


def day(value: date | datetime | None, form: str = "medium") -> str:
    """A day for templates, in the house's forms (``formats.date``: a month name at medium)."""
    return formats.date(value, None, form)


def text_direction(code: str | None = None) -> str:
    """The way ``code`` (else the reader's language) is written, "rtl" or "ltr", from CLDR."""
    try:
        locale = Locale.parse(code) if code else get_locale()
    except (ValueError, TypeError, UnknownLocaleError):
        return "ltr"
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


def here(obj: object, field: str, lang: str | None = None, default: str | None = None) -> Localized:
    """``obj.field`` in the reader's language, or the edition's default when untranslated.

    A list of hundreds passes the page's ``lang`` and its edition's ``default`` once known,
    sparing a lookup of each per item."""
    return localized(
        obj, field, lang or str(get_locale()), default=default or _default_language(obj)
    )


def text_here(obj: object, field: str, lang: str | None = None) -> str:
    """Just the text of :func:`here` (the ``tr`` filter of templates)."""
    return text_in(obj, field, lang or str(get_locale()))


def _default_language(obj: object) -> str | None:
    """The default language for ``obj``, read once per edition and request: a page of 500
    sessions would otherwise walk to the edition 500 times."""
    own = getattr(obj, "language", None)
    edition_id = getattr(obj, "edition_id", None)
    if isinstance(own, str) or edition_id is None or not has_request_context():
        return None  # localized() reads it from the object itself
    known: dict[int, str] = g.setdefault("content_default_languages", {})
    if edition_id not in known:
        known[edition_id] = default_language_of(obj)
    return known[edition_id]


def lang_attribute(text: Localized) -> Markup:
    """` lang="en"` on an element whose text fell back to another language than the page's,
    so screen readers pronounce it right; nothing otherwise."""
    return Markup(' lang="%s"') % text.language if text.fell_back else Markup("")


def place_here(session: Any, lang: str | None = None, default: str | None = None) -> str:
    """Where a session happens, its room's name in the reader's language (``lang`` and
    ``default`` as for :func:`here`)."""
    place = session.place_in(lang or str(get_locale()), default or _default_language(session))
    return str(place.text)


def init_app(app: Flask) -> None:
    """Bind Flask-Babel and expose language helpers to templates."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.jinja_env.filters["local_time"] = local_time
    app.jinja_env.filters["local_clock"] = formats.time  # the name older templates use
    app.jinja_env.filters["local_day"] = local_day
    app.jinja_env.filters["format_date"] = day
    app.jinja_env.filters["language_name"] = language_name
    app.jinja_env.filters["text_direction"] = text_direction
    app.jinja_env.filters["tr"] = text_here
    app.jinja_env.filters["localized"] = here
    app.jinja_env.filters["place_here"] = place_here
    app.jinja_env.filters["lang_attr"] = lang_attribute
    app.jinja_env.globals["missing_translations"] = missing_languages
    formats.init_app(app)

    @app.context_processor
    def language_context() -> dict[str, object]:
        locale = str(get_locale())
        return {
            "language_names": LANGUAGE_NAMES,
            "current_locale": locale,
            "text_dir": text_direction(locale),
        }
