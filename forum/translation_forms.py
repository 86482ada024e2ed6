"""A form field holding a text's translations: one input per offered language, shown beside
the main field (which holds the edition's default language)."""

from __future__ import annotations

from typing import Any

from wtforms import Field
from wtforms.utils import unset_value

from forum.i18n import language_name
from forum.validation import Checks, Text


class TranslationsField(Field):
    """``{lang: text}`` posted as ``<name>-<lang>``; languages left out of the post keep their
    stored text, an input sent empty removes its translation."""

    def __init__(self, label: Any = None, *, rule: Text, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.rule = rule
        self.languages: list[str] = []  # the offered languages besides the default (offer())
        self.data: dict[str, str] = {}

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        stored = data if isinstance(data, dict) else {}
        self.object_data = stored
        self.data = {str(k): str(v) for k, v in stored.items()}
        self.raw_data = []
        if formdata is None:
            return
        prefix = f"{self.name}-"
        posted = {
            key[len(prefix) :]: str(formdata.get(key) or "")
            for key in formdata
            if key.startswith(prefix)
        }
        self.raw_data = list(posted.values())
        self.data.update(
            {lang: text.replace("\r\n", "\n").strip() for lang, text in posted.items()}
        )

    def pre_validate(self, form: Any) -> None:
        """Each language by the main field's rule, optional (an empty one falls back)."""
        checks = Checks()
        optional = Text(self.rule.max_length, required=False, multiline=self.rule.multiline)
        for lang, text in self.data.items():
            checks.text(lang, text, optional)
        self.errors.extend(
            f"{language_name(lang)}: {problem}" for lang, problem in checks.problems.items()
        )

    def offer(self, languages: list[str], default: str) -> None:
        """Show an input for each of ``languages`` but ``default``."""
        self.languages = [lang for lang in languages if lang != default]

    def text(self, lang: str) -> str:
        """The text shown in ``lang``'s input."""
        return self.data.get(lang, "")

    def populate_obj(self, obj: Any, name: str) -> None:
        setattr(obj, name, {lang: text for lang, text in self.data.items() if text})


def offer_languages(form: Any, edition: Any) -> None:
    """Give each translations field of ``form`` an input per language ``edition`` offers."""
    for field in form:
        if isinstance(field, TranslationsField):
            field.offer(edition.content_languages, edition.default_language)
