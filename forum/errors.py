"""Domain errors and the one place that turns errors into pages or JSON."""

from __future__ import annotations

import time

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from forum.db import is_lock_timeout
from forum.extensions import db, limiter

PAGES = {400, 403, 404, 405, 429}


class DomainError(Exception):
    """A rule of the domain refused an action; ``code`` is stable for machines.

    ``problems`` maps input fields to what is wrong with each, when the refusal is about
    input: forms show them on their fields, the API lists them.
    """

    status = 409

    def __init__(self, code: str, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.problems = dict(problems or {})


class InvalidInput(DomainError):
    """Input that breaks the service's rules; every broken rule is named by its field."""

    status = 400

    def __init__(self, problems: dict[str, str], code: str = "invalid_input") -> None:
        super().__init__(code, " ".join(problems.values()), problems)


class NotAllowed(DomainError):
    """The action is not allowed in the object's current state."""


class ApiError(DomainError):
    """A malformed API request: answered as a JSON error with this status."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(code, message)
        self.status = status


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def json_error(code: str, message: str, status: int) -> tuple[Response, int]:
    """The JSON error shape every API client can rely on."""
    return jsonify({"error": {"code": code, "message": message}}), status


def _http_code_name(error: HTTPException) -> str:
    named = getattr(error, "code_name", None)
    return str(named) if named else (error.name or "error").lower().replace(" ", "_")


def handle_http_error(error: HTTPException) -> tuple[Response, int]:
    """Render an HTTP error as JSON under /api/ and as a page elsewhere."""
    status = error.code or 500
    if _wants_json():
        response, _status = json_error(_http_code_name(error), error.description or "", status)
    else:
        template = f"errors/{status}.html" if status in PAGES else "errors/500.html"
        response = make_response(render_template(template, error=error))
    # The error's own headers travel with it: Allow on a 405, say.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    if status == 429 and limiter.current_limit is not None:
        wait = int(limiter.current_limit.reset_at - time.time())
        response.headers["Retry-After"] = str(max(1, wait))
    return response, status


def handle_domain_error(error: DomainError) -> tuple[Response | str, int]:
    """A domain rule refused the action outside a form: say which rule."""
    db.session.rollback()
    if _wants_json():
        return json_error(error.code, error.message, error.status)
    return render_template("errors/conflict.html", error=error), error.status


def handle_unexpected_error(error: Exception) -> tuple[Response | str, int]:
    """Never show a traceback: log it, undo the transaction, answer 500 (or 503 "busy"
    when a lock was not free in time, which the client may simply try again)."""
    db.session.rollback()
    from flask import current_app

    if is_lock_timeout(error):
        return _busy()

    # The route's rule, never the path: paths carry private-link and sign-in tokens.
    rule = request.url_rule.rule if request.url_rule else "(no route)"
    current_app.logger.exception("Unhandled error on %s %s", request.method, rule)
    if _wants_json():
        return json_error("internal_error", _("Something went wrong on our side."), 500)
    return render_template("errors/500.html"), 500


def _busy() -> tuple[Response, int]:
    message = _("Many people are doing this at once; please try again in a moment.")
    if _wants_json():
        response, status = json_error("busy", message, 503)
    else:
        response, status = make_response(render_template("errors/busy.html")), 503
    response.headers["Retry-After"] = "1"
    return response, status


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(Exception, handle_unexpected_error)
