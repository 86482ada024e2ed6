"""Every edition stays public at /editions/<number>/: where and when it was, its programme,
its declaration and the cities that endorsed it."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_babel import get_locale
from werkzeug.wrappers import Response

from forum.agenda.feeds import FeedScope
from forum.agenda.links import feed_language
from forum.agenda.queries import ProgrammeFilter, by_local_day, programme
from forum.agenda.routes import calendar_response
from forum.db import utcnow
from forum.editions.services import current_edition, edition_by_number
from forum.endorsements.wall import standing_endorsements
from forum.seasons.services import public_declaration

bp = Blueprint("seasons", __name__, url_prefix="/editions")


@bp.get("/<int:number>/")
def edition_page(number: int) -> str:
    """One edition as the public saw it: its programme, declaration and signatory cities."""
    edition = edition_by_number(number) or abort(404)
    declaration = public_declaration(edition, now=utcnow())
    return render_template(
        "seasons/edition.html",
        edition=edition,
        current=current_edition(),
        days=by_local_day(programme(edition, ProgrammeFilter()), edition),
        declaration=declaration,
        text=declaration.text_in(request.args.get("text") or str(get_locale()))
        if declaration
        else None,
        endorsements=standing_endorsements(declaration) if declaration else [],
    )


@bp.get("/<int:number>/agenda.ics")
def edition_feed(number: int) -> Response:
    """That edition's programme as a calendar feed; ``?include=gfmd`` adds the summit."""
    edition = edition_by_number(number) or abort(404)
    include_gfmd = request.args.get("include") == "gfmd"
    name = f"forum-{edition.number}.ics"
    scope = FeedScope(edition, include_gfmd=include_gfmd, language=feed_language())
    return calendar_response(scope, name)
