"""Organisers' visa letter pages under /admin/visas: the requests, and a decision on each."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.audit.services import trail
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.cities.services import country_name
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.registration.labels import STATUS_LABELS
from forum.registration.models import Registration
from forum.translation_forms import offer_languages
from forum.visas.content import printed_code, send_letter, send_refusal
from forum.visas.forms import RefusalForm
from forum.visas.labels import action_label, status_label
from forum.visas.models import VisaRequest, VisaStatus
from forum.visas.services import approve_letter, masked_passport, refuse_letter, revoke_letter
from forum.web import attempt, flash_form_errors

bp = Blueprint("visas_admin", __name__, url_prefix="/admin/visas")


@bp.route("/")
@role_required(Role.ORGANISER)
def requests() -> str:
    """Every request of the current edition, those waiting for a decision first."""
    edition = current_edition_or_404()
    status = request.args.get("status")
    query = (
        sa.select(VisaRequest)
        .join(Registration, Registration.id == VisaRequest.registration_id)
        .where(Registration.edition_id == edition.id)
        .options(sa.orm.joinedload(VisaRequest.registration))
        .order_by(VisaRequest.status != VisaStatus.REQUESTED, VisaRequest.requested_at)
    )
    if status in {s.value for s in VisaStatus}:
        query = query.where(VisaRequest.status == VisaStatus(status))
    return render_template(
        "visas/admin/list.html",
        visas=db.session.scalars(query).all(),
        status=status,
        statuses=list(VisaStatus),
        status_label=status_label,
    )


def _visa_or_404(visa_id: int) -> VisaRequest:
    return db.session.get(VisaRequest, visa_id) or abort(404)


@bp.route("/<int:visa_id>")
@role_required(Role.ORGANISER)
def detail(visa_id: int) -> str:
    """One request: the passport details masked, the decision buttons, the history."""
    visa = _visa_or_404(visa_id)
    passport = masked_passport(visa)
    refusal_form = RefusalForm(formdata=None)
    offer_languages(refusal_form, visa.registration.edition)
    return render_template(
        "visas/admin/detail.html",
        visa=visa,
        passport=passport,
        nationality=country_name(visa.nationality, str(get_locale())),
        registration_status=STATUS_LABELS[visa.registration.status],
        status_label=status_label,
        action_label=action_label,
        code=printed_code(visa.code) if visa.code else None,
        history=trail(visa),
        button_form=ButtonForm(),
        refusal_form=refusal_form,
    )


@bp.route("/<int:visa_id>/approve", methods=["POST"])
@role_required(Role.ORGANISER)
def approve(visa_id: int) -> Response:
    """Issue the letter and e-mail it to the delegate."""
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: _approve_and_send(visa_id)).ok:
        flash(_("The letter is issued and e-mailed to the delegate."), "success")
    return redirect(url_for("visas_admin.detail", visa_id=visa_id))


def _approve_and_send(visa_id: int) -> None:
    now = utcnow()
    visa, issued = approve_letter(visa_id, actor=current_user, now=now)
    if issued:
        send_letter(visa, now=now)


@bp.route("/<int:visa_id>/refuse", methods=["POST"])
@role_required(Role.ORGANISER)
def refuse(visa_id: int) -> Response:
    """Refuse the request, telling the delegate why."""
    form = RefusalForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: _refuse_and_tell(visa_id, form)).ok:
        flash(_("The request is refused; the delegate is told why."), "info")
    return redirect(url_for("visas_admin.detail", visa_id=visa_id))


def _refuse_and_tell(visa_id: int, form: RefusalForm) -> None:
    reason, others = form.reason.data or "", form.reason_i18n.data
    if refuse_letter(visa_id, reason, actor=current_user, now=utcnow(), reason_i18n=others):
        send_refusal(_visa_or_404(visa_id))


@bp.route("/<int:visa_id>/revoke", methods=["POST"])
@role_required(Role.ORGANISER)
def revoke(visa_id: int) -> Response:
    """Revoke an issued letter: its check page says so from now on."""
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: revoke_letter(visa_id, actor=current_user, now=utcnow())).ok:
        flash(_("The letter is revoked."), "info")
    return redirect(url_for("visas_admin.detail", visa_id=visa_id))
