"""A delegate's pages for their city's entries, under their private link: the list, new and
edit forms, submitting, withdrawing and reporting progress."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forum.commitments.access import Editor
from forum.commitments.forms import ProgressForm
from forum.commitments.labels import labels
from forum.commitments.models import Commitment
from forum.commitments.pages import conflict_with, entry_form
from forum.commitments.queries import city_entries
from forum.commitments.routes import bp, gcm_titles
from forum.commitments.services import DELEGATE_EDITABLE, create_draft, edit, submit, withdraw
from forum.commitments.updates import add_progress
from forum.db import utcnow
from forum.extensions import db
from forum.forms import ButtonForm
from forum.registration.links import registration_from_token
from forum.registration.models import Registration, RegistrationStatus
from forum.web import attempt, flash_form_errors

__all__ = ["bp"]


def _delegate(token: str) -> Registration:
    """The approved delegate the link opens (404 for a bad link, 403 before approval)."""
    registration = registration_from_token(token) or abort(404)
    if registration.status is not RegistrationStatus.APPROVED:
        abort(403)
    return registration


def _editor(registration: Registration) -> Editor:
    return Editor(user=registration.user, registration=registration)


def _own_entry(registration: Registration, commitment_id: int) -> Commitment:
    """An entry of the delegate's city; another city's is not found (404)."""
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None or (commitment.edition_id, commitment.city_id) != (
        registration.edition_id,
        registration.city_id,
    ):
        abort(404)
    return commitment


@bp.get("/r/<token>/commitments")
def mine(token: str) -> str:
    """The delegate's city's entries in every status."""
    registration = _delegate(token)
    entries = city_entries(registration.edition_id, registration.city_id)
    return render_template(
        "commitments/mine.html", registration=registration, token=token, entries=entries, **labels()
    )


@bp.route("/r/<token>/commitments/new", methods=["GET", "POST"])
def new_entry(token: str) -> Response | str:
    """Draft a new entry for the delegate's city."""
    registration = _delegate(token)
    form = entry_form(registration.edition, registration.city_id, posted=True)
    if form.validate_on_submit():
        create = partial(create_draft, registration.edition, registration.city_id, form.to_input())
        made = attempt(lambda: create(editor=_editor(registration), now=utcnow()), form=form)
        if made.value is not None:
            flash(_("Your draft is saved. Submit it when it is ready."), "success")
            return redirect(url_for(".entry", token=token, commitment_id=made.value.id))
    return _form_page(registration, token, form)


def _form_page(
    registration: Registration, token: str, form: object, conflict: Commitment | None = None
) -> str:
    return render_template(
        "commitments/form.html",
        form=form,
        conflict=conflict,
        city=registration.city,
        back=url_for(".mine", token=token),
        gcm=gcm_titles(),
        **labels(),
    )


@bp.get("/r/<token>/commitments/<int:commitment_id>")
def entry(token: str, commitment_id: int) -> str:
    """One entry of the city: its status, the organisers' comment and what can be done."""
    registration = _delegate(token)
    commitment = _own_entry(registration, commitment_id)
    return render_template(
        "commitments/entry.html",
        registration=registration,
        token=token,
        commitment=commitment,
        editable=commitment.status in DELEGATE_EDITABLE,
        button_form=ButtonForm(),
        progress_form=ProgressForm(formdata=None, reported_on=utcnow().date()),
        gcm=gcm_titles(),
        **labels(),
    )


@bp.route("/r/<token>/commitments/<int:commitment_id>/edit", methods=["GET", "POST"])
def edit_entry(token: str, commitment_id: int) -> Response | str:
    """Change a draft or returned entry; an edit on an older version is refused, kept typed."""
    registration = _delegate(token)
    commitment = _own_entry(registration, commitment_id)
    if commitment.status not in DELEGATE_EDITABLE:
        flash(_("This entry can no longer be changed here."), "error")
        return redirect(url_for(".entry", token=token, commitment_id=commitment_id))
    posted = request.method == "POST"
    form = entry_form(registration.edition, registration.city_id, commitment, posted=posted)
    if not form.validate_on_submit():
        return _form_page(registration, token, form)
    save = partial(edit, commitment_id, form.to_input(), seen_version=form.seen_version())
    saved = attempt(lambda: save(editor=_editor(registration), now=utcnow()), form=form)
    if saved.ok:
        flash(_("Your changes are saved."), "success")
        return redirect(url_for(".entry", token=token, commitment_id=commitment_id))
    return _form_page(registration, token, form, conflict_with(form, saved.error, commitment))


@bp.post("/r/<token>/commitments/<int:commitment_id>/submit")
def submit_entry(token: str, commitment_id: int) -> Response:
    """Send the entry to the organisers for publication."""
    registration = _delegate(token)
    _own_entry(registration, commitment_id)
    send = partial(submit, commitment_id, editor=_editor(registration))
    if ButtonForm().validate_on_submit() and attempt(lambda: send(now=utcnow())).ok:
        flash(_("Sent to the organisers: they publish it or tell you what to change."), "success")
    return redirect(url_for(".entry", token=token, commitment_id=commitment_id))


@bp.post("/r/<token>/commitments/<int:commitment_id>/withdraw")
def withdraw_entry(token: str, commitment_id: int) -> Response:
    """Withdraw the entry: it leaves every list but stays on record."""
    registration = _delegate(token)
    _own_entry(registration, commitment_id)
    take_back = partial(withdraw, commitment_id, editor=_editor(registration))
    if ButtonForm().validate_on_submit() and attempt(lambda: take_back(now=utcnow())).ok:
        flash(_("The entry is withdrawn."), "success")
    return redirect(url_for(".entry", token=token, commitment_id=commitment_id))


@bp.post("/r/<token>/commitments/<int:commitment_id>/progress")
def report_progress(token: str, commitment_id: int) -> Response:
    """Report how far a published entry has come."""
    registration = _delegate(token)
    _own_entry(registration, commitment_id)
    form = ProgressForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        report = partial(add_progress, commitment_id, form.to_input())
        if attempt(lambda: report(editor=_editor(registration), now=utcnow())).ok:
            flash(_("Thank you: the progress update is recorded."), "success")
    return redirect(url_for(".entry", token=token, commitment_id=commitment_id))
