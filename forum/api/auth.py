"""Who is calling the API: a device's bearer token, or a signed-in staff member."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, cast

from flask import Response, g, request
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError

from forum.auth.models import Role
from forum.auth.tokens import LiveToken, note_use, token_from_header
from forum.db import utcnow
from forum.errors import json_error

P = ParamSpec("P")
ApiView = Callable[P, Response | tuple[Response, int]]


def api_caller_name() -> str:
    """The device or person the current API request acts for (for logs and check-ins)."""
    return str(g.get("api_caller", ""))


def api_role_required(role: Role) -> Callable[[ApiView[P]], ApiView[P]]:
    """Let through a bearer token or a signed-in user whose role includes ``role``."""

    def decorator(view: ApiView[P]) -> ApiView[P]:
        @wraps(view)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> Response | tuple[Response, int]:
            refusal = _refusal(role)
            if refusal is not None:
                return refusal
            return view(*args, **kwargs)

        guarded.required_role = role  # type: ignore[attr-defined]
        return guarded

    return decorator


BEARER_KEY = "forum.bearer_token"


def bearer_token() -> LiveToken | None:
    """The live token of this request's ``Authorization`` header, looked up once a request
    (the scan budget's key and the role check both ask)."""
    # In the WSGI environ, which is this request's alone (``g`` may outlive it in tests).
    if BEARER_KEY not in request.environ:
        request.environ[BEARER_KEY] = token_from_header(request.headers.get("Authorization"))
    return cast(LiveToken | None, request.environ[BEARER_KEY])


def _refusal(role: Role) -> tuple[Response, int] | None:
    if request.headers.get("Authorization"):
        header = request.headers["Authorization"]
        token = bearer_token()
        if token is None:
            refusal = json_error("invalid_token", "The bearer token is unknown or revoked.", 401)
            # RFC 6750 §3: a refused bearer token says so in WWW-Authenticate too.
            refusal[0].headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return refusal
        if not token.role.includes(role):
            return json_error("forbidden", "This token may not do that.", 403)
        note_use(header, token, utcnow())
        g.api_caller = token.name
        return None
    if not current_user.is_authenticated:
        refusal = json_error("authentication_required", "Sign in or send a bearer token.", 401)
        refusal[0].headers["WWW-Authenticate"] = "Bearer"
        return refusal
    if not current_user.has_role(role):
        return json_error("forbidden", "Your account may not do that.", 403)
    if request.method not in ("GET", "HEAD") and not _csrf_ok():
        return json_error("csrf_failed", "Send the page's CSRF token in X-CSRFToken.", 400)
    g.api_caller = current_user.email
    return None


def _csrf_ok() -> bool:
    """Cookie-authenticated writes need the CSRF token, as forms do."""
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except ValidationError:
        return False
    return True
