"""Organisers' follow-up page: ask every city with open entries for progress updates (after
a preview of who would be written to), send the reminders, and see each city's request."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.commitments.admin import ORGANISER, bp
from forum.commitments.followup import ask, plan, reminder_days, requests_of, send_reminders
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import edition_by_number
from forum.extensions import db
from forum.forms import ButtonForm
from forum.web import attempt

__all__ = ["bp"]


def _edition(value: str | None) -> Edition:
    """The edition chosen by number, or the current one (404 when there is none)."""
    number = int(value) if value and value.isdigit() and len(value) < 6 else None
    return edition_by_number(number) or abort(404)


@bp.get("/followup")
@ORGANISER
def followup() -> str:
    """Preview a request for progress updates, and every city's requests of the edition."""
    edition = _edition(request.args.get("edition"))
    plans = plan(edition, utcnow())
    return render_template(
        "commitments/followup/admin.html",
        edition=edition,
        editions=db.session.scalars(sa.select(Edition).order_by(Edition.number.desc())).all(),
        plans=plans,
        emails=sum(len(one.recipients) for one in plans if not one.asked_recently),
        requests=requests_of(edition.id),
        after_days=reminder_days(),
        button_form=ButtonForm(),
        now=utcnow(),
    )


@bp.post("/followup/ask")
@ORGANISER
def ask_for_updates() -> Response:
    """Write to every city with open entries: one e-mail per city and recipient."""
    edition = _edition(request.form.get("edition"))
    if ButtonForm().validate_on_submit():
        made = attempt(lambda: ask(edition, actor=current_user, now=utcnow()))
        if made.value is not None:
            count = len(made.value)
            flash(ngettext("%(num)d city asked.", "%(num)d cities asked.", count), "success")
    return redirect(url_for(".followup", edition=edition.number))


def _nobody_due(days: int) -> str:
    return ngettext(
        "No reminder was due: every city asked over %(num)d day ago has answered or been"
        " reminded once already.",
        "No reminder was due: every city asked over %(num)d days ago has answered or been"
        " reminded once already.",
        days,
    )


@bp.post("/followup/remind")
@ORGANISER
def remind() -> Response:
    """Remind, once, the cities that have not answered."""
    edition = _edition(request.form.get("edition"))
    if ButtonForm().validate_on_submit():
        run = partial(send_reminders, after_days=reminder_days(), edition_id=edition.id)
        sent = attempt(lambda: run(now=utcnow(), actor=current_user))
        if sent.ok and sent.value:
            flash(_("Reminders sent: %(num)d.", num=sent.value), "success")
        elif sent.ok:
            flash(_nobody_due(reminder_days()), "info")
    return redirect(url_for(".followup", edition=edition.number))
