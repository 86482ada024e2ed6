"""The programme as JSON under /api/v1."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, jsonify, request

from forum.agenda.feeds import session_uid
from forum.agenda.models import Session, SessionSource
from forum.agenda.queries import ProgrammeFilter, programme, theme_by_slug
from forum.editions.services import current_edition_or_404
from forum.errors import json_error
from forum.extensions import csrf

bp = Blueprint("agenda_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only JSON


@bp.route("/sessions")
def sessions() -> Response | tuple[Response, int]:
    """The published programme, filtered by day, theme and source."""
    edition = current_edition_or_404()
    filters = ProgrammeFilter(include_gfmd=True)
    source = request.args.get("source")
    if source not in (None, "", *[s.value for s in SessionSource]):
        return json_error("invalid_source", "source must be 'forum' or 'gfmd'.", 400)
    try:
        day = date.fromisoformat(request.args["day"]) if request.args.get("day") else None
    except ValueError:
        return json_error("invalid_day", "day must be a date such as 2018-12-08.", 400)
    theme_id = None
    if request.args.get("theme"):
        theme = theme_by_slug(edition, request.args["theme"])
        if theme is None:
            return json_error("unknown_theme", "No published theme has this slug.", 404)
        theme_id = theme.id
    filters = ProgrammeFilter(
        include_gfmd=source != SessionSource.FORUM.value,
        only_gfmd=source == SessionSource.GFMD.value,
        theme_id=theme_id,
        day=day,
    )
    return jsonify({"sessions": [session_json(s) for s in programme(edition, filters)]})


def session_json(session: Session) -> dict[str, object]:
    """A session as the API shows it; times in UTC ISO 8601 and the edition's zone named."""
    return {
        "id": session.id,
        "uid": session_uid(session),
        "title": session.title,
        "kind": session.kind.value,
        "source": session.source.value,
        "status": session.status.value,
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "timezone": session.edition.timezone,
        "all_day": session.all_day,
        "theme": session.theme.slug if session.theme else None,
        "place": session.place,
        "capacity": session.capacity,
        "sequence": session.sequence,
        "updated_at": session.updated_at.isoformat(),
    }
