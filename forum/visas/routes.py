"""A delegate's visa letter (through their private link) and the public check of a letter."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from forum.cities.services import country_name
from forum.db import utcnow
from forum.extensions import limiter
from forum.formats import date_span
from forum.registration.links import registration_from_token
from forum.registration.models import Registration
from forum.visas.content import letter_for, printed_code, refusal_reason_in
from forum.visas.forms import VisaRequestForm
from forum.visas.models import VisaRequest, VisaStatus
from forum.visas.sealing import sealing_available
from forum.visas.services import (
    details_for_form,
    letter_by_code,
    normalise_code,
    passport_of,
    request_letter,
    visa_request_of,
)
from forum.web import attempt, download

bp = Blueprint("visas", __name__)
VERIFY_LIMIT = "30 per minute"


def _registration_or_404(token: str) -> Registration:
    return registration_from_token(token) or abort(404)


@bp.route("/r/<token>/visa", methods=["GET", "POST"])
def visa_request(token: str) -> BaseResponse | str:
    """Ask for an invitation letter, see where the request stands, download the letter."""
    registration = _registration_or_404(token)
    visa = visa_request_of(registration)
    form = VisaRequestForm(data=details_for_form(visa))
    if form.validate_on_submit():
        details = form.to_details()
        if attempt(lambda: request_letter(registration, details, now=utcnow()), form=form).ok:
            flash(_("Your request is sent. The organisers will e-mail your letter."), "success")
            return redirect(url_for("visas.visa_request", token=token))
    return render_template(
        "visas/request.html",
        registration=registration,
        token=token,
        visa=visa,
        form=form,
        available=sealing_available(),
        code=printed_code(visa.code) if visa and visa.code else None,
        reason=refusal_reason_in(visa, str(get_locale())) if visa else None,
    )


@bp.route("/r/<token>/visa/letter.pdf")
def letter_download(token: str) -> Response:
    """The issued letter again, while its passport details are kept."""
    visa = visa_request_of(_registration_or_404(token))
    if visa is None or visa.status is not VisaStatus.APPROVED or passport_of(visa) is None:
        abort(404)
    pdf = letter_for(visa, issued=visa.decided_at or utcnow())
    response = download(pdf, "invitation-letter.pdf", "application/pdf")
    response.headers["Cache-Control"] = "private, no-store"  # passport details
    return response


@bp.route("/visa-letters/verify", methods=["GET"])
@limiter.limit(VERIFY_LIMIT)
def verify_form() -> BaseResponse | str:
    """Where a consulate types the code printed on a letter."""
    typed = request.args.get("code", "")
    if typed:
        return redirect(url_for("visas.verify", code=normalise_code(typed) or "-"))
    return render_template("visas/verify.html", visa=None, searched=False)


@bp.route("/visa-letters/verify/<code>")
@limiter.limit(VERIFY_LIMIT)
def verify(code: str) -> tuple[str, int]:
    """Whether a letter is genuine: the holder's name and nationality and the forum's dates."""
    visa = letter_by_code(code)
    if visa is not None and visa.status not in {VisaStatus.APPROVED, VisaStatus.REVOKED}:
        visa = None
    return render_template(
        "visas/verify.html",
        visa=visa,
        searched=True,
        code=printed_code(normalise_code(code)),
        **(_what_a_consulate_sees(visa) if visa else {}),
    ), (200 if visa else 404)


def _what_a_consulate_sees(visa: VisaRequest) -> dict[str, str]:
    """The holder's nationality and the forum's place and days, in the reader's language."""
    edition, language = visa.registration.edition, str(get_locale())
    return {
        "nationality": country_name(visa.nationality, language),
        "edition_country": country_name(edition.country_code, language),
        "dates": date_span(edition.starts_on, edition.ends_on, "long"),
    }
