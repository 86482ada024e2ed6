"""Content in several languages: each translatable field keeps its text in the edition's
default language, and beside it a JSON column ``<field>_i18n`` holding ``{lang: text}`` for
the other languages. A JSON column rather than a translations table: the agenda's rows carry
their translations, so its queries (and their number) stay as they were."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.validation import Checks, Text

# Where the app has no edition to ask (an object without one): the site's first language.
FALLBACK_LANGUAGE = "en"


def translations_column() -> Mapped[dict[str, str]]:
    """A ``<field>_i18n`` column: the field's text in each non-default language."""
    return mapped_column(sa.JSON, default=dict, server_default="{}")


@dataclass(frozen=True)
class Localized:
    """A field's text in the language asked for, or in the default one when it has none."""

    text: str
    language: str
    fell_back: bool

    def __str__(self) -> str:
        return self.text


def default_language_of(obj: Any) -> str:
    """The language ``obj``'s main texts are in: its own when it was written in one (a city's
    commitment), else its edition's default (``obj`` may be the edition itself)."""
    own = getattr(obj, "language", None)
    if isinstance(own, str) and own:
        return own
    edition = obj if hasattr(obj, "default_language") else getattr(obj, "edition", None)
    return getattr(edition, "default_language", None) or FALLBACK_LANGUAGE


def localized(obj: Any, field: str, lang: str | None, *, default: str | None = None) -> Localized:
    """``obj.field`` in ``lang``; per field, the default language's text when not translated
    (``fell_back`` says so: a page marks it, a feed names the language it is in)."""
    base = getattr(obj, field) or ""
    if lang:
        text = translations_of(obj, field).get(lang)
        if text:
            return Localized(text, lang, False)
    # Only now is the default needed (reading it may walk to the edition).
    default = default or default_language_of(obj)
    if not lang or lang == default:
        return Localized(base, default, False)
    return Localized(base, default, bool(base))


def text_in(obj: Any, field: str, lang: str | None) -> str:
    """Just the text of :func:`localized`: the translation, else the default language's."""
    base: str = getattr(obj, field) or ""
    return (translations_of(obj, field).get(lang) if lang else None) or base


def translations_of(obj: Any, field: str) -> dict[str, str]:
    """The stored translations of a field, as stored (read-only; never None)."""
    return getattr(obj, f"{field}_i18n", None) or {}


def check_translations(
    checks: Checks,
    field: str,
    values: Mapping[str, str] | None,
    rule: Text,
    *,
    offered: list[str],
    default: str,
) -> dict[str, str]:
    """The translations to store, each checked by the main field's ``rule`` (but optional: a
    missing one falls back); problems go on ``<field>_i18n``. Languages not offered, the
    default one and empty texts are dropped."""
    optional = replace(rule, required=False)
    kept: dict[str, str] = {}
    for lang, text in (values or {}).items():
        if lang not in offered or lang == default:
            continue
        text = checks.text(f"{field}_i18n", text, optional)
        if text:
            kept[lang] = text
    return kept


def completeness(
    objects: list[Any], fields: tuple[str, ...], lang: str, *, default: str | None
) -> tuple[int, int]:
    """How many of the objects' non-empty fields have a text in ``lang``, out of how many;
    ``default`` None: each object's own language (a city's commitment) counts as done."""
    done = total = 0
    for obj in objects:
        own = default or default_language_of(obj)
        for field in fields:
            if not getattr(obj, field):
                continue
            total += 1
            done += bool(lang == own or translations_of(obj, field).get(lang))
    return done, total


def missing_languages(
    obj: Any, fields: tuple[str, ...], offered: list[str], default: str
) -> list[str]:
    """The offered languages in which some non-empty field of ``obj`` has no translation."""
    return [
        lang
        for lang in offered
        if lang != default
        and any(getattr(obj, f) and not translations_of(obj, f).get(lang) for f in fields)
    ]
