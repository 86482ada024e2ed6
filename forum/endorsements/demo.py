"""The demo declaration, modelled on the Marrakech Mayors Declaration (our own wording)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from forum.editions.models import Edition
from forum.endorsements.models import Declaration, DeclarationText, Endorsement, EndorsementMethod
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus

TEXTS_FILE = Path(__file__).parent / "data" / "declaration-2018.json"
DEMO_ENDORSEMENTS = 6


def seed_declaration(edition: Edition, *, opens_at: datetime) -> Declaration:
    """The declaration with its three texts, open from ``opens_at`` with no closing date,
    and a few endorsements so the wall is not empty (other mayors can still try)."""
    declaration = Declaration(
        edition_id=edition.id, slug=f"marrakech-{edition.year}", opens_at=opens_at
    )
    db.session.add(declaration)
    texts = json.loads(TEXTS_FILE.read_text(encoding="utf-8"))
    for language, text in texts.items():
        db.session.add(DeclarationText(declaration=declaration, language=language, **text))
    db.session.flush()
    for index, mayor in enumerate(one_mayor_per_city(edition)[:DEMO_ENDORSEMENTS]):
        db.session.add(
            Endorsement(
                declaration=declaration,
                city_id=mayor.city_id,
                registration=mayor,
                signatory_name=mayor.full_name,
                signatory_title=mayor.position_title,
                method=EndorsementMethod.ON_SITE if index % 2 else EndorsementMethod.ONLINE,
                endorsed_at=opens_at + timedelta(minutes=7 * index),
            )
        )
    return declaration


def one_mayor_per_city(edition: Edition) -> list[Registration]:
    """The first approved mayor of each city registered for ``edition``, in order."""
    mayors = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.edition_id == edition.id,
            Registration.status == RegistrationStatus.APPROVED,
            Registration.category == Category.MAYOR,
        )
        .order_by(Registration.id)
    ).all()
    first_of_city: dict[int, Registration] = {}
    for mayor in mayors:
        first_of_city.setdefault(mayor.city_id, mayor)
    return list(first_of_city.values())
