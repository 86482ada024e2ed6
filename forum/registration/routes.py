"""Public registration pages: the form, the private link, and a signed-in delegate's list."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import limiter
from forum.registration.forms import ConfirmForm, DetailsForm, RegistrationForm, WithdrawForm
from forum.registration.links import private_link_token, registration_from_token
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.services import (
    confirm_email,
    details_of,
    register,
    registrations_of,
    update_details,
    withdraw,
)
from forum.web import attempt, flash_form_errors

bp = Blueprint("registration", __name__)
CLOSED_STATUSES = {RegistrationStatus.WITHDRAWN, RegistrationStatus.REJECTED}


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
        locale = str(get_locale())
        details, email = form.to_details(), form.email.data
        if attempt(lambda: register(edition, email, details, locale=locale, now=now), form=form).ok:
            return render_template("registration/check_email.html", edition=edition, email=email)
    return render_template("registration/register.html", form=form, edition=edition)


def _registration_or_404(token: str) -> Registration:
    return registration_from_token(token) or abort(404)


@bp.route("/r/<token>")
def manage(token: str) -> str:
    """A delegate's private page: status, details and what they can do next."""
    registration = _registration_or_404(token)
    can_edit = (
        registration.edition.edits_allowed(utcnow()) and registration.status not in CLOSED_STATUSES
    )
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
    if ConfirmForm().validate_on_submit():
        outcome = attempt(lambda: confirm_email(registration, now=utcnow()))
        if outcome.value:
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
        details = form.to_details()
        if attempt(lambda: update_details(registration, details, now=utcnow()), form=form).ok:
            flash(_("Your changes are saved."), "success")
        return redirect(url_for("registration.manage", token=token))
    return render_template(
        "registration/edit.html", form=form, registration=registration, token=token
    )


@bp.route("/r/<token>/withdraw", methods=["POST"])
def withdraw_registration(token: str) -> Response:
    """Withdraw the registration."""
    registration = _registration_or_404(token)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: withdraw(registration, now=utcnow())).ok:
        flash(_("Your registration is withdrawn. We are sorry you cannot come."), "info")
    return redirect(url_for("registration.manage", token=token))


@bp.route("/account")
@login_required
def account() -> str:
    """A signed-in delegate's registrations, each with its private link."""
    registrations = registrations_of(current_user.id)
    links = {
        r.id: url_for("registration.manage", token=private_link_token(r)) for r in registrations
    }
    return render_template("registration/account.html", registrations=registrations, links=links)
