"""Organisers' declaration pages: the window, who may sign, withdrawals, exports."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TypeVar

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.endorsements import pdf
from forum.endorsements.exports import signatories, signatories_csv
from forum.endorsements.forms import WindowForm, WithdrawEndorsementForm
from forum.endorsements.lists import all_endorsements, authorisations, signatory_candidates
from forum.endorsements.models import Declaration, Endorsement, SigningAuthorisation, WindowOverride
from forum.endorsements.services import (
    authorise,
    declaration_of,
    revoke_authorisation,
    set_window,
    withdraw,
)
from forum.extensions import db
from forum.forms import ButtonForm
from forum.i18n import local_time
from forum.registration.models import Registration
from forum.web import attempt, download, export_filename, flash_form_errors

bp = Blueprint("endorsements_admin", __name__, url_prefix="/admin/declaration")
ORGANISER = role_required(Role.ORGANISER)


def _declaration() -> Declaration:
    return declaration_of(current_edition_or_404()) or abort(404)


@bp.get("/")
@ORGANISER
def index() -> str:
    """The window, the signatories who need an authorisation, and the endorsements so far."""
    declaration = _declaration()
    return render_template(
        "endorsements/admin.html",
        declaration=declaration,
        is_open=declaration.is_open(utcnow()),
        window_form=_window_form(declaration),
        endorsements=all_endorsements(declaration),
        authorisations=authorisations(declaration),
        candidates=signatory_candidates(declaration),
        form=ButtonForm(),
        withdraw_form=WithdrawEndorsementForm(formdata=None),
    )


OfDeclaration = TypeVar("OfDeclaration", Endorsement, SigningAuthorisation)


def _of_declaration(model: type[OfDeclaration], row_id: int) -> OfDeclaration:
    """A row belonging to the current declaration, or 404."""
    row = db.session.get(model, row_id)
    if row is None or row.declaration_id != _declaration().id:
        abort(404)
    return row


def _window_form(declaration: Declaration) -> WindowForm:
    form = WindowForm(formdata=None, override=declaration.override.value)
    zone = declaration.edition.zone
    if declaration.opens_at:
        form.opens_at.data = declaration.opens_at.astimezone(zone).replace(tzinfo=None)
    if declaration.closes_at:
        form.closes_at.data = declaration.closes_at.astimezone(zone).replace(tzinfo=None)
    return form


@bp.post("/window")
@ORGANISER
def window() -> BaseResponse:
    """Open or close the endorsement window, by hand or by times."""
    declaration = _declaration()
    form = WindowForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for(".index"))
    opens, closes = form.local_times(declaration.edition.zone)
    override = WindowOverride(form.override.data)
    saved = attempt(
        lambda: set_window(
            declaration, override, actor=current_user, opens_at=opens, closes_at=closes
        )
    )
    if saved.ok:
        flash(_("The endorsement window is saved."), "success")
    return redirect(url_for(".index"))


@bp.post("/authorise/<int:registration_id>")
@ORGANISER
def authorise_signatory(registration_id: int) -> BaseResponse:
    """Let a delegate sign for their city."""
    declaration = _declaration()
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.edition_id != declaration.edition_id:
        abort(404)
    grant = partial(authorise, declaration, registration, actor=current_user, now=utcnow())
    if ButtonForm().validate_on_submit() and attempt(grant).ok:
        name, city = registration.full_name, registration.city.name
        flash(_("%(name)s may now sign for %(city)s.", name=name, city=city), "success")
    return redirect(url_for(".index", _anchor="signatories"))


@bp.post("/authorisations/<int:authorisation_id>/revoke")
@ORGANISER
def revoke(authorisation_id: int) -> BaseResponse:
    """Take back a signing authorisation."""
    authorisation = _of_declaration(SigningAuthorisation, authorisation_id)
    if ButtonForm().validate_on_submit():
        attempt(lambda: revoke_authorisation(authorisation, actor=current_user))
    return redirect(url_for(".index", _anchor="signatories"))


@bp.post("/endorsements/<int:endorsement_id>/withdraw")
@ORGANISER
def withdraw_endorsement(endorsement_id: int) -> BaseResponse:
    """Withdraw an endorsement, with a reason that is kept in the audit trail."""
    endorsement = _of_declaration(Endorsement, endorsement_id)
    form = WithdrawEndorsementForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(
        lambda: withdraw(endorsement, actor=current_user, reason=form.reason.data, now=utcnow())
    ).ok:
        flash(_("The endorsement of %(city)s is withdrawn.", city=endorsement.city.name), "success")
    return redirect(url_for(".index", _anchor="endorsements"))


@bp.get("/signatories.csv")
@ORGANISER
def export_csv() -> Response:
    """The signatories as CSV (UTF-8 with BOM)."""
    declaration = _declaration()
    filename = export_filename("signatories", declaration.edition.year, "csv", utcnow())
    return download(signatories_csv(declaration), filename, "text/csv")


@bp.get("/signatories.pdf")
@ORGANISER
def export_pdf() -> Response:
    """The signatories as a PDF to present: by country then city, with the count."""
    declaration = _declaration()
    filename = export_filename("signatories", declaration.edition.year, "pdf", utcnow())
    return download(pdf.signatories_pdf(_signatory_list(declaration)), filename, "application/pdf")


def _signatory_list(declaration: Declaration) -> pdf.SignatoryList:
    """The standing signatories, worded in the organiser's language."""
    locale = str(get_locale())
    methods = {"on-site": _("on site"), "online": _("online")}
    rows = [replace(s, method=methods[s.method]) for s in signatories(declaration)]
    text = declaration.text_in(locale)
    edition = declaration.edition
    return pdf.SignatoryList(
        language=locale,
        title=text.title if text else _("Declaration"),
        count=ngettext(
            "%(num)d local or regional government",
            "%(num)d local and regional governments",
            len(rows),
        ),
        columns=(_("City"), _("Country"), _("Name"), _("Title"), _("Date"), _("How")),
        rows=rows,
        footer=_(
            "Mayoral Forum · %(edition)s · as of %(when)s",
            edition=edition.label,
            when=local_time(utcnow(), edition.timezone, "short"),
        ),
    )
