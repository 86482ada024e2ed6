"""Public registration pages: the form and the private link."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.errors import DomainError
from forum.extensions import db, limiter
from forum.registration.forms import ConfirmForm, DetailsForm, RegistrationForm, WithdrawForm
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.services import (
    confirm_email,
    details_of,
    register,
    registration_from_token,
    update_details,
    withdraw,
)

bp = Blueprint("registration", __name__)


def _registration_limit() -> str:
    return str(current_app.config["REGISTRATION_RATE_LIMIT"])


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"])
def register_form() -> Response | str:
    """The public registration form for the current edition."""
    edition = current_edition_or_404()
    now = utcnow()
    if not edition.registration_is_open(now):
        return render_template("registration/closed.html", edition=edition, now=now)
    form = RegistrationForm()
    if form.validate_on_submit():
        register(edition, form.email.data, form.to_details(), locale=str(get_locale()), now=now)
        db.session.commit()
        return render_template(
            "registration/check_email.html", edition=edition, email=form.email.data
        )
    return render_template("registration/register.html", form=form, edition=edition)


def _registration_or_404(token: str) -> Registration:
    registration = registration_from_token(token)
    if registration is None:
        abort(404)
    return registration


@bp.route("/r/<token>")
def manage(token: str) -> str:
    """A delegate's private page: status, details and what they can do next."""
    registration = _registration_or_404(token)
    now = utcnow()
    can_edit = registration.edition.edits_allowed(now) and registration.status not in {
        RegistrationStatus.WITHDRAWN,
        RegistrationStatus.REJECTED,
    }
    return render_template(
        "registration/manage.html",
        registration=registration,
        token=token,
        can_edit=can_edit,
        confirm_form=ConfirmForm(),
        withdraw_form=WithdrawForm(),
    )


@bp.route("/r/<token>/confirm", methods=["POST"])
def confirm(token: str) -> Response:
    """Confirm the e-mail address by pressing the button on the private page."""
    registration = _registration_or_404(token)
    if ConfirmForm().validate_on_submit() and confirm_email(registration, now=utcnow()):
        db.session.commit()
        flash(
            _(
                "Thank you: your e-mail address is confirmed. The organisers will now review "
                "your registration."
            ),
            "success",
        )
    return redirect(url_for("registration.manage", token=token))


@bp.route("/r/<token>/edit", methods=["GET", "POST"])
def edit(token: str) -> Response | str:
    """Change one's details until the edit deadline."""
    registration = _registration_or_404(token)
    form = DetailsForm()
    if not form.is_submitted():
        form.fill_from(details_of(registration))
    if form.validate_on_submit():
        try:
            update_details(registration, form.to_details(), now=utcnow())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
        return redirect(url_for("registration.manage", token=token))
    return render_template(
        "registration/edit.html", form=form, registration=registration, token=token
    )


@bp.route("/r/<token>/withdraw", methods=["POST"])
def withdraw_registration(token: str) -> Response | str:
    """Withdraw the registration."""
    registration = _registration_or_404(token)
    form = WithdrawForm()
    if not form.validate_on_submit():
        for message in form.confirm.errors:
            flash(str(message), "error")
        return redirect(url_for("registration.manage", token=token))
    try:
        withdraw(registration, now=utcnow())
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Your registration is withdrawn. We are sorry you cannot come."), "info")
    return redirect(url_for("registration.manage", token=token))
