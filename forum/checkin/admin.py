"""The organisers' arrivals board under /admin/arrivals, refreshing itself."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template

from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.checkin.arrivals import arrivals
from forum.editions.services import current_edition_or_404

bp = Blueprint("checkin_admin", __name__, url_prefix="/admin/arrivals")


@bp.get("/")
@role_required(Role.ORGANISER)
def board() -> str:
    """Arrived against approved, by category and country, per quarter hour; mayors awaited."""
    edition = current_edition_or_404()
    return render_template("checkin/arrivals.html", edition=edition, board=arrivals(edition))


@bp.get("/data.json")
@role_required(Role.ORGANISER)
def board_data() -> Response:
    """The same board as JSON, for the page's refresh."""
    return jsonify(arrivals(current_edition_or_404()))
