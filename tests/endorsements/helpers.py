"""Builders for declaration tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from forum.editions.models import Edition
from forum.endorsements.models import Declaration, DeclarationText, WindowOverride
from forum.extensions import db


def declaration(edition: Edition, *, open_: bool = True, **values: object) -> Declaration:
    """A declaration with English and French texts, open since yesterday unless told otherwise."""
    now = datetime.now(UTC)
    row = Declaration(
        edition_id=edition.id,
        slug=f"declaration-{edition.id}",
        opens_at=now - timedelta(days=1) if open_ else now + timedelta(days=1),
        **values,
    )
    db.session.add(row)
    db.session.add_all(
        [
            DeclarationText(
                declaration=row, language="en", title="Mayors Declaration", body="We commit."
            ),
            DeclarationText(
                declaration=row,
                language="fr",
                title="Déclaration des maires",
                body="Nous nous engageons.",
            ),
        ]
    )
    db.session.flush()
    return row


__all__ = ["WindowOverride", "declaration"]
