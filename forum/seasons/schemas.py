"""Editions as the JSON API gives them."""

from __future__ import annotations

from datetime import date

from forum.api.types import Answer


class EditionOut(Answer):
    """One annual edition: where and when, and where its pages and programme are."""

    number: int
    year: int
    title: str
    # The title in each language the edition offers (the default language's where untranslated).
    titles: dict[str, str]
    default_language: str
    languages: list[str]
    city: str
    country: str
    venue: str
    timezone: str
    starts_on: date
    ends_on: date
    current: bool
    page: str
    agenda_feed: str


class EditionsAnswer(Answer):
    """Every edition, the most recent first; each one stays public."""

    editions: list[EditionOut]
