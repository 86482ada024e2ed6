"""The organisers' matching board: open and unanswered needs with their best suggestions to
propose, and every match by stage with what can be done to it."""

from __future__ import annotations

from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from forum.commitments.access import Editor
from forum.commitments.admin import ORGANISER, bp, organiser_editor
from forum.commitments.labels import labels
from forum.commitments.match_forms import ConnectForm
from forum.commitments.match_models import Match, MatchStage, Side
from forum.commitments.match_queries import Board, board
from forum.commitments.match_views import match_labels
from forum.commitments.matches import accept, activate, close, decline, may_act, propose
from forum.commitments.matching import Suggestion, published_actions, suggestions
from forum.commitments.offers import published_offers
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.web import attempt, flash_form_errors

__all__ = ["bp"]
SUGGESTED = 3
DONE = {
    "accept": _l("Accepted on behalf of the offering organisation."),
    "decline": _l("The match is declined."),
    "activate": _l("The match is marked as under way."),
    "close": _l("The match is closed."),
}


@bp.get("/matching")
@ORGANISER
def matching() -> str:
    """Open needs with their best suggestions, needs nobody answered, matches by stage."""
    edition = current_edition_or_404()
    found = board(edition.id)
    return render_template(
        "commitments/admin/matching.html", board=found, button_form=ButtonForm(),
        connect_form=ConnectForm(formdata=None), may_act=may_act, editor=organiser_editor(),
        suggested=_suggested(found),
        made=_made(found),
        offer_side=Side.OFFER, **labels(), **match_labels(),
    )  # fmt: skip


def _made(found: Board) -> dict[tuple[int, str, int], MatchStage]:
    """The stage of each pair already matched, by (need, "offer" or "action", its id): the
    board shows it instead of proposing the pair again."""
    return {
        (m.need_id, "offer" if m.offer_id else "action", m.offer_id or m.action_id or 0): m.stage
        for matches in found.by_stage.values()
        for m in matches
    }


def _suggested(found: Board) -> dict[int, list[Suggestion]]:
    """The best few suggestions of each open need (offers and actions read once for all)."""
    edition_id = current_edition_or_404().id
    offers, actions = published_offers(edition_id), published_actions(edition_id)
    return {
        n.id: suggestions(n, shown=SUGGESTED, offers=offers, actions=actions)
        for n in found.open_needs
    }


@bp.post("/matching/propose")
@ORGANISER
def propose_match() -> Response:
    """Propose one of a need's suggestions to both sides."""
    form = ConnectForm()
    if not form.validate_on_submit() or form.need_id.data is None:
        flash_form_errors(form)
        return redirect(url_for(".matching"))
    run = partial(propose, form.need_id.data, offer_id=form.offer_id.data,
                  action_id=form.action_id.data)  # fmt: skip
    if attempt(lambda: run(editor=organiser_editor(), now=utcnow())).ok:
        flash(str(_l("The match is proposed: both sides are asked to accept it.")), "success")
    return redirect(url_for(".matching"))


@bp.post("/matches/<int:match_id>/<any(accept, decline, activate, close):step>")
@ORGANISER
def match_step(match_id: int, step: str) -> Response:
    """Move a match of the edition on: accept for an organisation, decline, start, close."""
    match = db.session.get(Match, match_id)
    if match is None or match.edition_id != current_edition_or_404().id:
        abort(404)
    if ButtonForm().validate_on_submit() and attempt(lambda: _step(match_id, step)).ok:
        flash(str(DONE[step]), "success")
    return redirect(url_for(".matching"))


def _step(match_id: int, step: str) -> Match:
    editor: Editor = organiser_editor()
    now = utcnow()
    if step == "accept":
        return accept(match_id, Side.OFFER, editor=editor, now=now)
    run = {"decline": decline, "activate": activate, "close": close}[step]
    return run(match_id, editor=editor, now=now)
