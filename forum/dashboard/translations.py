"""How far the edition's content is translated: per offered language, how many of its
translatable texts have a translation (an untranslated text falls back to the default)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from forum.agenda.models import Room, Session, SessionSource, Theme
from forum.commitments.models import Commitment, Status
from forum.editions.models import Edition
from forum.extensions import db
from forum.translated import completeness

# Each model's translatable fields, as organisers see them counted.
FIELDS: dict[type[Any], tuple[str, ...]] = {
    Edition: ("title", "subtitle"),
    Theme: ("title", "description"),
    Session: ("title", "description"),
    Room: ("name",),
    Commitment: ("title", "description"),  # published ones, in the language each was written in
}


@dataclass(frozen=True)
class LanguageCompleteness:
    """One language: ``done`` of ``total`` texts translated."""

    language: str
    done: int
    total: int

    @property
    def missing(self) -> int:
        return self.total - self.done


def translation_completeness(edition: Edition) -> list[LanguageCompleteness]:
    """Each offered language but the default, with its count (four queries)."""
    rows: dict[type[Any], list[Any]] = {
        Edition: [edition],
        Theme: list(db.session.scalars(sa.select(Theme).where(Theme.edition_id == edition.id))),
        Session: list(
            db.session.scalars(
                sa.select(Session).where(
                    Session.edition_id == edition.id, Session.source == SessionSource.FORUM
                )
            )
        ),
        Room: list(db.session.scalars(sa.select(Room).where(Room.edition_id == edition.id))),
        Commitment: list(
            db.session.scalars(
                sa.select(Commitment).where(
                    Commitment.edition_id == edition.id, Commitment.status == Status.PUBLISHED
                )
            )
        ),
    }
    result = []
    for lang in edition.content_languages[1:]:
        done = total = 0
        for model, objects in rows.items():
            default = None if model is Commitment else edition.default_language
            counted = completeness(objects, FIELDS[model], lang, default=default)
            done, total = done + counted[0], total + counted[1]
        result.append(LanguageCompleteness(lang, done, total))
    return result
