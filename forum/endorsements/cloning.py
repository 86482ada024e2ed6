"""The declaration's part of cloning an edition: its texts as a draft, never an endorsement
nor a signing authorisation."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from forum.editions.models import Edition
from forum.endorsements.models import Declaration, DeclarationText
from forum.extensions import db


def copy_declaration(source: Edition, *, target: Edition, now: datetime) -> dict[str, int]:
    """Each declaration as a draft (no window: endorsements stay closed), with its texts."""
    declarations = texts = 0
    query = sa.select(Declaration).where(Declaration.edition_id == source.id)
    for declaration in db.session.scalars(query.order_by(Declaration.id)).all():
        copy = Declaration(
            edition_id=target.id,
            slug=_free_slug(declaration.slug, source, target),
            created_at=now,
        )
        copy.texts = [
            DeclarationText(language=text.language, title=text.title, body=text.body)
            for text in declaration.texts
        ]
        db.session.add(copy)
        db.session.flush()
        declarations += 1
        texts += len(copy.texts)
    return {"declarations": declarations, "declaration_texts": texts}


def _free_slug(slug: str, source: Edition, target: Edition) -> str:
    """A declaration slug not taken yet (slugs are unique across editions): the year in it
    changed, or the new year added."""
    old, new = str(source.year), str(target.year)
    base = (slug.replace(old, new) if old in slug and old != new else f"{slug}-{new}")[:70]
    candidate, n = base, 1
    while db.session.scalar(sa.select(Declaration.id).where(Declaration.slug == candidate)):
        n += 1
        candidate = f"{base}-{n}"
    return candidate
