"""Picking a session from a page: the service call, and what the delegate is told."""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _
from markupsafe import Markup, escape

from forum.agenda.models import Session
from forum.agenda.signups import SignupResult, cancel_signup, sign_up
from forum.db import utcnow
from forum.i18n import text_here
from forum.registration.models import Registration
from forum.web import attempt


def _naming(message: str, session: Session) -> Markup:
    """``message`` (with ``%(title)s``) naming the session in the reader's language, isolated:
    an English title inside an Arabic sentence keeps its quotation marks around it."""
    title = Markup("<bdi>{}</bdi>").format(text_here(session, "title"))
    return escape(message) % {"title": title}


def _flash_signup(result: SignupResult | None, session: Session) -> None:
    if result is None:
        return
    flash(_naming(_("“%(title)s” is in your programme."), session), "success")
    for other in result.overlaps:
        flash(_naming(_("It overlaps “%(title)s”, which you also picked."), other), "warning")


def add_pick(registration: Registration, session: Session) -> None:
    """Give the delegate a place, saying so and naming the picked sessions it overlaps."""
    _flash_signup(attempt(lambda: sign_up(registration, session, now=utcnow())).value, session)


def remove_pick(registration: Registration, session: Session) -> None:
    """Give the place back, saying so."""
    if attempt(lambda: cancel_signup(registration, session)).value:
        flash(_naming(_("“%(title)s” is no longer in your programme."), session), "info")
