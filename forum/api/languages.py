"""The language a public endpoint answers in: ``?lang=<code>``, one the edition offers. Each
text then comes in that language, or, where nobody translated it, in the language it was
written in; a ``<field>_lang`` beside it says which. Without ``lang`` every text is the
default language's, as it always was."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema

from config import Config
from forum.api.types import ApiErrorCode
from forum.editions.models import Edition
from forum.errors import ApiError

# The languages the site speaks; an edition offers some of them (GET /api/v1/editions).
SPOKEN = tuple(Config.LANGUAGES)
LANG_HELP = (
    "Answer each text in this language, one the edition offers (see /api/v1/editions): an"
    " untranslated text comes in its own language, named by the <field>_lang beside it. A"
    " language the edition does not offer is refused with 404 unknown_language"
)


def _spoken(value: str) -> str:
    if value not in SPOKEN:
        raise ValueError(f"must be one of {', '.join(SPOKEN)}")
    return value


Lang = Annotated[
    str,
    AfterValidator(_spoken),
    WithJsonSchema({"type": "string", "enum": list(SPOKEN)}),
]
TextLanguage = Annotated[str, Field(description="The language of the text beside it")]


def requested_language(edition: Edition, lang: str | None) -> str | None:
    """``lang`` when ``edition`` offers it (None when none is asked for: the default texts);
    a language it does not offer is refused like an unknown theme, with a 404."""
    if lang is None or lang in edition.content_languages:
        return lang
    offered = ", ".join(edition.content_languages)
    raise ApiError(
        ApiErrorCode.UNKNOWN_LANGUAGE,
        f"This edition is not offered in this language; it offers {offered}.",
        404,
    )
