"""Texts an organiser writes to delegates (a decision's message, a refusal's reason) in each
language the edition offers: checked once by the service, then each delegate reads the text in
their own language, else in the default one, else in the first language it was written in, so
a message written in French only still reaches a Spanish delegate, never an empty one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from forum.translated import Localized, check_translations
from forum.validation import Checks, Text


@dataclass(frozen=True)
class Written:
    """One text in the edition's default language, and its translations (none empty, in the
    order the edition offers its languages)."""

    text: str
    default_language: str
    translations: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.text or self.translations)

    def in_language(self, lang: str | None) -> Localized:
        """The text a reader of ``lang`` gets, and the language it is in."""
        if lang and self.translations.get(lang):
            return Localized(self.translations[lang], lang, False)
        if self.text or not self.translations:
            other = bool(lang) and lang != self.default_language
            return Localized(self.text, self.default_language, other and bool(self.text))
        first = next(iter(self.translations))
        return Localized(self.translations[first], first, True)

    def stored(self) -> dict[str, str]:
        """The translations as a ``<field>_i18n`` column keeps them."""
        return dict(self.translations)


def check_written(
    checks: Checks,
    name: str,
    text: str | None,
    translations: Mapping[str, str] | None,
    rule: Text,
    *,
    edition: Any,
) -> Written:
    """The text and its translations as they will be sent, each language checked by ``rule``
    (a translation is optional); problems go on ``name`` and ``<name>_i18n``."""
    main = checks.text(name, text, rule)
    kept = check_translations(
        checks,
        name,
        translations,
        rule,
        offered=list(edition.languages or []),
        default=edition.default_language,
    )
    ordered = {lang: kept[lang] for lang in edition.content_languages if lang in kept}
    return Written(main, edition.default_language, ordered)


def written_in(obj: Any, name: str, default_language: str) -> Written:
    """A stored text (``obj.<name>`` and ``obj.<name>_i18n``) as a :class:`Written`."""
    translations = getattr(obj, f"{name}_i18n", None) or {}
    return Written(getattr(obj, name) or "", default_language, dict(translations))
