"""The endorsement desk page: a tablet where staff scan a badge and the signatory confirms."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import get_locale

from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.endorsements.services import declaration_of
from forum.registration.labels import CATEGORY_LABELS

bp = Blueprint("endorse_desk", __name__)


@bp.get("/endorse-desk")
@role_required(Role.STAFF)
def desk() -> str:
    """The desk; it talks to /api/v1/endorsements only."""
    edition = current_edition_or_404()
    declaration = declaration_of(edition)
    return render_template(
        "endorsements/desk.html",
        edition=edition,
        declaration=declaration,
        text=declaration.text_in(str(get_locale())) if declaration else None,
        is_open=declaration.is_open(utcnow()) if declaration else False,
        categories={category.value: str(label) for category, label in CATEGORY_LABELS.items()},
    )
