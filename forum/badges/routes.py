"""A delegate's own badge: shown on the private page, downloadable as a PDF."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort
from werkzeug.wrappers import Response

from forum.badges import printing
from forum.badges.services import qr_text
from forum.qr import qr_matrix, svg_path, svg_size
from forum.registration.links import registration_from_token
from forum.registration.models import Registration
from forum.web import download

bp = Blueprint("badges", __name__)


@dataclass(frozen=True)
class BadgePanel:
    """What the private page shows of a badge: its QR code as an SVG path."""

    qr_text: str
    path: str
    size: int


def badge_panel(registration: Registration) -> BadgePanel | None:
    """The delegate's badge for the private page, or None until they are approved."""
    badge = printing.printable_badge(registration)
    if badge is None:
        return None
    text = qr_text(badge)
    matrix = qr_matrix(text)
    return BadgePanel(qr_text=text, path=svg_path(matrix), size=svg_size(matrix))


@bp.app_context_processor
def badge_helpers() -> dict[str, object]:
    """Let templates/badges/_badge_panel.html build its panel from `registration`."""
    return {"badge_panel": badge_panel}


@bp.route("/r/<token>/badge.pdf")
def badge_pdf(token: str) -> Response:
    """The delegate's badge as an A6 PDF, once approved."""
    registration = registration_from_token(token)
    badge = printing.printable_badge(registration) if registration else None
    if badge is None:
        abort(404)
    response = download(printing.badge_pdf(badge), "badge.pdf", "application/pdf")
    # The private link is the only key to this file: keep it out of shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response
