"""The staff scanner page: camera, keyboard-wedge scanner and name search, online or not."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import format_datetime
from flask_babel import gettext as _

from forum.agenda.models import Session
from forum.agenda.queries import programme
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.checkin.models import ENTRANCE
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.registration.labels import CATEGORY_LABELS

bp = Blueprint("checkin", __name__)


@bp.get("/scan")
@role_required(Role.STAFF)
def scan() -> str:
    """The scanner for the entrance and the session doors; it talks to /api/v1 only."""
    edition = current_edition_or_404()
    return render_template(
        "checkin/scan.html",
        edition=edition,
        checkpoints=checkpoints(edition),
        categories={category.value: str(label) for category, label in CATEGORY_LABELS.items()},
    )


def checkpoints(edition: Edition) -> list[dict[str, str]]:
    """Where a scanner can stand: the entrance, then the published forum sessions in time order."""
    return [{"id": ENTRANCE, "label": _("Entrance")}] + [
        {"id": str(session.id), "label": _session_label(session, edition)}
        for session in programme(edition)
        if not session.is_cancelled
    ]


def _session_label(session: Session, edition: Edition) -> str:
    local = session.starts_at.astimezone(edition.zone).replace(tzinfo=None)
    return f"{format_datetime(local, 'EEE d, HH:mm')} · {session.title}"
