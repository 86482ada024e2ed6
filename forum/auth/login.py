"""Flask-Login's side of signing in: who the session names, and what anonymous visitors get."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from werkzeug.wrappers import Response

from forum.auth.models import User
from forum.errors import json_error
from forum.extensions import db, login_manager


def load_user(user_id: str) -> User | None:
    """Flask-Login: the signed-in user from the session or remember-me cookie, while the
    session version it names is still the person's (older sessions were signed out)."""
    ident, _, version = user_id.partition(":")
    if not (ident.isdigit() and version.isdigit()):
        return None  # a plain id: a session from before session versions, or forged
    user = db.session.get(User, int(ident))
    if user is None or user.session_version != int(version):
        return None
    return user


def unauthorized() -> Response | tuple[Response, int]:
    """Send anonymous visitors to sign in; API clients get a JSON 401."""
    if request.path.startswith("/api/"):
        return json_error("authentication_required", "Sign in or send a bearer token.", 401)
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
