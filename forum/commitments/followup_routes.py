"""Public pages of the follow-up: a city's private update link (the request's token is the
key, as for /r/<token>), and the mayor's confirmation on a delegate's entry page."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forum.commitments.confirmation import confirm
from forum.commitments.delegate import _delegate, _own_entry
from forum.commitments.followup import open_entries
from forum.commitments.followup_models import ProgressRequest
from forum.commitments.forms import ProgressForm
from forum.commitments.labels import labels
from forum.commitments.progress import staleness
from forum.commitments.routes import bp
from forum.commitments.update_link import report_through_link, request_from_token
from forum.db import utcnow
from forum.forms import ButtonForm
from forum.web import attempt

__all__ = ["bp"]


def _request(token: str) -> ProgressRequest:
    """The request the link names (404 for a forged link)."""
    return request_from_token(token) or abort(404)


def _link_page(
    token: str, request: ProgressRequest, posted: tuple[int, ProgressForm] | None = None
) -> str:
    """The city's open entries, each with its update form (the posted one as typed)."""
    now = utcnow()
    entries = open_entries(request.edition_id, request.city_id)
    forms = {
        row.id: ProgressForm(formdata=None, prefix=f"c{row.id}", reported_on=now.date())
        for row in entries
    }
    if posted is not None:
        forms[posted[0]] = posted[1]
    colours = {
        row.id: staleness(
            row.latest_update.reported_on if row.latest_update else None, row.published_at, now
        )
        for row in entries
    }
    return render_template(
        "commitments/followup/update.html", request_row=request, token=token, entries=entries,
        forms=forms, colours=colours, **labels(),
    )  # fmt: skip


def _expired_page(request: ProgressRequest) -> tuple[str, int]:
    return render_template("commitments/followup/expired.html", request_row=request), 410


@bp.get("/commitments/update/<token>")
def progress_link(token: str) -> str | tuple[str, int]:
    """The page a city's update link opens: its open entries, one update form each."""
    request = _request(token)
    if not request.is_usable(utcnow()):
        return _expired_page(request)
    return _link_page(token, request)


@bp.post("/commitments/update/<token>/<int:commitment_id>")
def progress_link_report(token: str, commitment_id: int) -> Response | str | tuple[str, int]:
    """Record one entry's update sent through the city's link."""
    request = _request(token)
    if not request.is_usable(utcnow()):
        return _expired_page(request)
    form = ProgressForm(prefix=f"c{commitment_id}")
    if form.validate_on_submit():
        report = partial(report_through_link, request.id, commitment_id, form.to_input())
        if attempt(lambda: report(now=utcnow()), form=form).ok:
            flash(_("Thank you: the progress update is recorded."), "success")
            return redirect(url_for(".progress_link", token=token))
    return _link_page(token, request, (commitment_id, form))


@bp.post("/r/<token>/commitments/<int:commitment_id>/confirm")
def confirm_entry(token: str, commitment_id: int) -> Response:
    """The mayor (or an authorised delegate) confirms the entry for the city."""
    registration = _delegate(token)
    _own_entry(registration, commitment_id)
    if (
        ButtonForm().validate_on_submit()
        and attempt(lambda: confirm(commitment_id, registration, now=utcnow())).ok
    ):
        flash(_("The entry is confirmed for the city."), "success")
    return redirect(url_for(".entry", token=token, commitment_id=commitment_id))
