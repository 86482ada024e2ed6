"""The home page and the language switcher."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.db import utcnow
from forum.editions.services import current_edition
from forum.extensions import db
from forum.main.services import home_page
from forum.urls import same_site_path

bp = Blueprint("main", __name__)


@bp.route("/")
def index() -> str:
    """The current edition: dates, venue, themes, next sessions, declaration, registration."""
    edition = current_edition()
    page = home_page(edition, utcnow()) if edition is not None else None
    return render_template("main/index.html", edition=edition, page=page)


@bp.route("/lang/<code>")
def set_language(code: str) -> Response:
    """Switch the interface language and go back where the visitor was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    if current_user.is_authenticated:
        current_user.preferred_locale = code
        db.session.commit()
    return redirect(same_site_path(request.args.get("next")) or "/")


@bp.route("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    response = redirect(url_for("static", filename="favicon.svg"), code=301)
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response
