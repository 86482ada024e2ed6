"""Organisers' offer pages: the list, new and edit forms, publishing and withdrawing."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forum.commitments.admin import ORGANISER, bp, organiser_editor
from forum.commitments.labels import labels
from forum.commitments.models import Offer, OfferStatus
from forum.commitments.offers import create_offer, edit_offer, move_offer
from forum.commitments.pages import offer_form
from forum.commitments.services import StaleVersion
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.web import attempt

__all__ = ["bp"]


def _offer(offer_id: int) -> Offer:
    """An offer of the current edition, or 404."""
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.edition_id != current_edition_or_404().id:
        abort(404)
    return offer


@bp.get("/offers")
@ORGANISER
def offers() -> str:
    """Every offer of the edition, in every status."""
    edition = current_edition_or_404()
    rows = db.session.scalars(
        sa.select(Offer).where(Offer.edition_id == edition.id).order_by(Offer.id.desc())
    )
    return render_template(
        "commitments/admin/offers.html", offers=list(rows), button_form=ButtonForm(), **labels()
    )


def _form_page(form: object, stale: bool = False) -> str:
    return render_template("commitments/admin/offer_form.html", form=form, stale=stale)


@bp.route("/offers/new", methods=["GET", "POST"])
@ORGANISER
def new_offer() -> Response | str:
    """Record an offer of support, as a draft."""
    edition = current_edition_or_404()
    form = offer_form(edition, posted=request.method == "POST")
    if form.validate_on_submit():
        create = partial(create_offer, edition, form.to_input(), editor=organiser_editor())
        if attempt(lambda: create(now=utcnow()), form=form).ok:
            flash(_("The draft is saved."), "success")
            return redirect(url_for(".offers"))
    return _form_page(form)


@bp.route("/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@ORGANISER
def edit_offer_page(offer_id: int) -> Response | str:
    """Correct an offer; an edit on an older version is refused and kept as typed."""
    offer = _offer(offer_id)
    form = offer_form(current_edition_or_404(), offer, posted=request.method == "POST")
    if not form.validate_on_submit():
        return _form_page(form)
    save = partial(edit_offer, offer_id, form.to_input(), seen_version=form.seen_version())
    saved = attempt(lambda: save(editor=organiser_editor(), now=utcnow()), form=form)
    if saved.ok:
        flash(_("Your changes are saved."), "success")
        return redirect(url_for(".offers"))
    stale = isinstance(saved.error, StaleVersion)
    if stale:
        form.version.data = str(_offer(offer_id).version)
    return _form_page(form, stale)


@bp.post("/offers/<int:offer_id>/<any(published, withdrawn):status>")
@ORGANISER
def move_offer_page(offer_id: int, status: str) -> Response:
    """Publish or withdraw an offer."""
    _offer(offer_id)
    move = partial(move_offer, offer_id, OfferStatus(status), editor=organiser_editor())
    if ButtonForm().validate_on_submit() and attempt(lambda: move(now=utcnow())).ok:
        flash(_("The offer is saved."), "success")
    return redirect(url_for(".offers"))
