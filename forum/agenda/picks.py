"""A delegate's own programme, reached through the private registration link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from forum.agenda.models import Session
from forum.agenda.queries import ProgrammeFilter, by_local_day, programme, signup_counts
from forum.agenda.signups import (
    cancel_signup,
    is_pickable,
    picked_sessions,
    reset_calendar_secret,
    sign_up,
)
from forum.db import utcnow
from forum.errors import DomainError
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.services import registration_from_token

bp = Blueprint("picks", __name__, url_prefix="/r/<token>")


class ButtonForm(FlaskForm):
    """A bare button: only the CSRF token travels."""


def _registration(token: str) -> Registration:
    return registration_from_token(token) or abort(404)


def _session_of(registration: Registration, session_id: int) -> Session:
    session = db.session.get(Session, session_id)
    if session is None or session.edition_id != registration.edition_id:
        abort(404)
    return session


@bp.route("/sessions")
def index(token: str) -> str:
    """The programme with a pick button on each session the delegate may join."""
    registration = _registration(token)
    sessions = programme(registration.edition, ProgrammeFilter())
    picked = {s.id for s in picked_sessions(registration)}
    return render_template(
        "agenda/picks.html",
        token=token,
        registration=registration,
        edition=registration.edition,
        days=by_local_day(sessions, registration.edition),
        picked=picked,
        pickable={s.id for s in sessions if is_pickable(s)},
        taken=signup_counts([s.id for s in sessions if s.capacity is not None]),
        can_pick=registration.status is RegistrationStatus.APPROVED,
        form=ButtonForm(),
    )


@bp.route("/sessions/<int:session_id>/pick", methods=["POST"])
def pick(token: str, session_id: int) -> Response:
    """Add a session to the delegate's programme."""
    registration = _registration(token)
    session = _session_of(registration, session_id)
    if ButtonForm().validate_on_submit():
        try:
            result = sign_up(registration, session, now=utcnow())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("“%(title)s” is in your programme.", title=session.title), "success")
            for other in result.overlaps:
                flash(
                    _("It overlaps “%(title)s”, which you also picked.", title=other.title),
                    "warning",
                )
    return redirect(url_for(".index", token=token, _anchor=f"session-{session_id}"))


@bp.route("/sessions/<int:session_id>/unpick", methods=["POST"])
def unpick(token: str, session_id: int) -> Response:
    """Give the place back."""
    registration = _registration(token)
    session = _session_of(registration, session_id)
    if ButtonForm().validate_on_submit() and cancel_signup(registration, session):
        db.session.commit()
        flash(_("“%(title)s” is no longer in your programme.", title=session.title), "info")
    return redirect(url_for(".index", token=token, _anchor=f"session-{session_id}"))


@bp.route("/calendar/reset", methods=["POST"])
def reset_calendar(token: str) -> Response:
    """Give the personal calendar a new address; the old one stops working."""
    registration = _registration(token)
    if ButtonForm().validate_on_submit():
        reset_calendar_secret(registration)
        db.session.commit()
        flash(_("Your calendar has a new address. Subscribe again with the new link."), "info")
    return redirect(url_for(".index", token=token))
