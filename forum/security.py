"""Security headers, cookie policy and the login manager."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from forum.auth.models import Role, User
from forum.errors import json_error
from forum.extensions import db, login_manager, talisman

# No inline script or style anywhere: every page works under this policy.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": ["'self'", "data:"],
    "media-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    """Set security headers on every response and wire up Flask-Login."""
    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        force_https=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        strict_transport_security=app.config["FORCE_HTTPS"],
        frame_options="DENY",
        referrer_policy="same-origin",
        permissions_policy={"camera": "(self)", "geolocation": "()", "microphone": "()"},
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    # "basic", not "strong": a scanner phone moving from Wi-Fi to 4G must stay signed in.
    login_manager.session_protection = "basic"
    app.context_processor(lambda: {"Role": Role})


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Flask-Login: the signed-in user from the session."""
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


@login_manager.unauthorized_handler
def unauthorized() -> Response | tuple[Response, int]:
    """Send anonymous visitors to sign in; API clients get a JSON 401."""
    if request.path.startswith("/api/"):
        return json_error("authentication_required", "Sign in or send a bearer token.", 401)
    flash(login_manager.login_message, "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
