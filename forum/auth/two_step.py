"""A sign-in halfway through: the password was right, the code is still to come.

Kept in the (signed) session cookie, tied to the person's session version and to a few
minutes, so a password changed meanwhile, or a tab left open, does not finish it.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app, redirect, session, url_for
from werkzeug.wrappers import Response

from forum.auth.models import User
from forum.db import utcnow
from forum.extensions import db
from forum.urls import same_site_path

PENDING_KEY = "two_step"


def begin_second_step(user: User, target: str) -> Response:
    """Remember who gave the right password, and ask for their code."""
    session[PENDING_KEY] = {
        "user": user.id,
        "version": user.session_version,
        "at": int(utcnow().timestamp()),
        "next": target,
    }
    return redirect(url_for("auth.two_factor"))


def pending_user(now: datetime) -> User | None:
    """The person whose code is awaited, while their sign-in is recent and still current."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    max_age = current_app.config["TWO_FACTOR_MAX_AGE_SECONDS"]
    if now.timestamp() - float(pending.get("at", 0)) > max_age:
        return None
    user = db.session.get(User, int(pending.get("user", 0)))
    if user is None or not user.is_active or not user.has_two_factor:
        return None
    return user if user.session_version == pending.get("version") else None


def pending_user_id() -> str | None:
    """The id of the person whose code is awaited, for per-account rate limits."""
    pending = session.get(PENDING_KEY)
    return str(pending.get("user")) if isinstance(pending, dict) else None


def finish_second_step() -> str:
    """Forget the pending sign-in; returns where the person was going."""
    pending = session.pop(PENDING_KEY, None) or {}
    return same_site_path(pending.get("next")) or "/"
