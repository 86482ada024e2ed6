"""Matching on the public and delegate pages: "connect us" from a need's suggestions (or from
an action under way), and a city's matches to accept or decline under its private link."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from forum.commitments.access import Editor
from forum.commitments.delegate import _delegate, _editor, _own_entry
from forum.commitments.labels import labels
from forum.commitments.match_forms import ConnectForm
from forum.commitments.match_models import Match, Side
from forum.commitments.match_queries import city_matches
from forum.commitments.match_views import match_labels, pending_for, viewer
from forum.commitments.matches import accept, activate, decline, propose, sides_of
from forum.commitments.models import Kind
from forum.commitments.queries import public_entry
from forum.commitments.routes import bp
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.web import attempt, flash_form_errors

__all__ = ["bp"]
ASKED = _l("Your request is recorded: the other side is asked to accept it.")


@bp.post("/commitments/<int:commitment_id>/connect")
@login_required
def connect(commitment_id: int) -> Response:
    """A signed-in delegate (or organiser) asks to connect a published need with a suggestion."""
    need = public_entry(current_edition_or_404().id, commitment_id) or abort(404)
    editor = viewer(need.edition_id) or abort(403)
    form = ConnectForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        ask = partial(propose, need.id, offer_id=form.offer_id.data, action_id=form.action_id.data)
        if attempt(lambda: ask(editor=editor, now=utcnow())).ok:
            flash(str(ASKED), "success")
    return redirect(url_for(".detail", commitment_id=commitment_id, _anchor="matches-heading"))


@bp.post("/r/<token>/commitments/<int:commitment_id>/connect")
def delegate_connect(token: str, commitment_id: int) -> Response:
    """From the city's published need (with an offer or action) or action (with a need)."""
    registration = _delegate(token)
    entry = _own_entry(registration, commitment_id)
    form = ConnectForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        if entry.kind is Kind.DOING:
            ask = partial(propose, form.need_id.data or 0, action_id=entry.id)
        else:
            ask = partial(propose, entry.id, offer_id=form.offer_id.data,
                          action_id=form.action_id.data)  # fmt: skip
        if attempt(lambda: ask(editor=_editor(registration), now=utcnow())).ok:
            flash(str(ASKED), "success")
    return redirect(url_for(".entry", token=token, commitment_id=commitment_id))


@bp.get("/r/<token>/commitments/matches")
def my_matches(token: str) -> str:
    """The matches the delegate's city is a side of, those waiting for its answer first."""
    registration = _delegate(token)
    rows = city_matches(registration.edition_id, registration.city_id)
    editor = _editor(registration)
    return render_template(
        "commitments/matches.html", registration=registration, token=token,
        pending=pending_for(editor, rows), rows=[(m, sides_of(editor, m)) for m in rows],
        button_form=ButtonForm(), **labels(), **match_labels(),
    )  # fmt: skip


ANSWERS = {
    "accept": _l("Thank you: your acceptance is recorded."),
    "decline": _l("The match is declined."),
    "activate": _l("The match is marked as under way."),
}


@bp.post("/r/<token>/matches/<int:match_id>/<any(accept, decline, activate):answer>")
def answer_match(token: str, match_id: int, answer: str) -> Response:
    """Accept, decline or start a match of the city; another city's match is not found."""
    registration = _delegate(token)
    match, editor = db.session.get(Match, match_id), _editor(registration)
    sides = sides_of(editor, match) if match is not None else []
    if not sides:
        abort(404)
    if (
        ButtonForm().validate_on_submit()
        and attempt(lambda: _answer(match_id, answer, editor, sides)).ok
    ):
        flash(str(ANSWERS[answer]), "success")
    back = request.args.get("entry", type=int)
    if back is not None:
        return redirect(url_for(".entry", token=token, commitment_id=back))
    return redirect(url_for(".my_matches", token=token))


def _answer(match_id: int, answer: str, editor: Editor, sides: list[Side]) -> Match:
    """Run one answer for each side the delegate speaks for."""
    now = utcnow()
    if answer == "accept":
        for side in sides:
            match = accept(match_id, side, editor=editor, now=now)
        return match
    run = decline if answer == "decline" else activate
    return run(match_id, editor=editor, now=now)
