"""Private pages speak the registrant's language, whatever the browser says."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user

from forum.auth.models import Role
from forum.i18n import adopt_owner_language
from forum.registration.links import read_private_link


def adopt_registrant_language() -> None:
    """On ``/r/<token>…``, switch the session to the language the registrant chose."""
    token = (request.view_args or {}).get("token")
    if not isinstance(token, str) or not request.path.startswith("/r/"):
        return
    if current_user.is_authenticated and current_user.has_role(Role.STAFF):
        return  # an organiser checking a delegate's page keeps working in their own language
    registration = read_private_link(token).registration
    if registration is not None:
        locale = registration.user.preferred_locale
        adopt_owner_language(locale, f"registration:{registration.id}")


def init_app(app: Flask) -> None:
    """Run before every request, so the badge and programme pages follow it too."""
    app.before_request(adopt_registrant_language)
