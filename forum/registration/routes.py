"""Public registration pages: the form, the private link, and a signed-in delegate's list."""

from __future__ import annotations

from functools import partial

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.errors import handle_http_error
from forum.extensions import limiter
from forum.forms import ButtonForm
from forum.registration.access import (
    confirm_email_change,
    replace_private_link,
    request_email_change,
    send_fresh_link,
)
from forum.registration.access_forms import EmailChangeForm
from forum.registration.forms import ConfirmForm, DetailsForm, RegistrationForm, WithdrawForm
from forum.registration.links import (
    LinkState,
    PrivateLink,
    private_link_token,
    read_private_link,
    registration_from_token,
)
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.returning import Previous, previous_details
from forum.registration.services import (
    confirm_email,
    details_of,
    register,
    registrations_of,
    update_details,
    withdraw,
)
from forum.registration.waitlist import answer_offer
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
    previous = None if form.is_submitted() else _offer_last_details(form, edition)
    if form.validate_on_submit():
        locale = str(get_locale())
        details, email = form.to_details(), form.email.data
        if attempt(lambda: register(edition, email, details, locale=locale, now=now), form=form).ok:
            # Redirect after the POST: reloading the page must not register (and e-mail) again.
            session["registered_email"] = email
            return redirect(url_for(".registration_sent"))
    return render_template(
        "registration/register.html", form=form, edition=edition, previous=previous
    )


@bp.get("/register/sent")
def registration_sent() -> Response | str:
    """Where a registration lands: check your e-mail (the address from this browser's session)."""
    email = session.get("registered_email")
    if not email:
        return redirect(url_for(".register_form"))
    edition = current_edition_or_404()
    return render_template("registration/check_email.html", edition=edition, email=email)


def _offer_last_details(form: RegistrationForm, edition: Edition) -> Previous | None:
    """A signed-in returning delegate finds the form filled with their last details."""
    if not current_user.is_authenticated:
        return None
    previous = previous_details(current_user.id, edition)
    if previous is not None:
        form.fill_from(previous.details)
        form.email.data = current_user.email
    return previous


def _registration_or_404(token: str) -> Registration:
    return registration_from_token(token) or abort(404)


@bp.errorhandler(TooManyRequests)
def too_many_requests(error: TooManyRequests) -> tuple[Response | str, int]:
    """Over the registration limit: the form comes back as typed, saying why (HTTP 429)."""
    if request.endpoint != "registration.register_form":
        return handle_http_error(error)
    flash(
        _(
            "Too many registrations from your network just now. "
            "Wait a minute, then send the form again."
        ),
        "error",
    )
    edition = current_edition_or_404()
    return render_template(
        "registration/register.html", form=RegistrationForm(), edition=edition
    ), 429


def _stale_link_page(token: str, link: PrivateLink) -> tuple[str, int]:
    """An expired or replaced link: offer a fresh one by e-mail (forged links are 404)."""
    if link.registration is None:
        abort(404)
    return render_template(
        "registration/link_expired.html", token=token, link=link, form=ButtonForm()
    ), 410


@bp.route("/r/<token>")
def manage(token: str) -> str | tuple[str, int]:
    """A delegate's private page: status, details and what they can do next."""
    link = read_private_link(token)
    if link.state is not LinkState.VALID or link.registration is None:
        return _stale_link_page(token, link)
    registration = link.registration
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
        button_form=ButtonForm(),
    )


@bp.route("/r/<token>/renew", methods=["POST"])
@limiter.limit(_registration_limit)
def renew_link(token: str) -> Response | str:
    """E-mail a working link to the registered address of an expired or replaced link."""
    link = read_private_link(token)
    if link.registration is None:
        abort(404)
    if ButtonForm().validate_on_submit() and attempt(lambda: send_fresh_link(link)).ok:
        return render_template("registration/link_sent.html", reason="renewed")
    return redirect(url_for("registration.manage", token=token))


@bp.route("/r/<token>/new-link", methods=["POST"])
@limiter.limit(_registration_limit)
def new_link(token: str) -> Response | str:
    """End this private link and every earlier one; the new link goes to the registered address."""
    registration = _registration_or_404(token)
    user, seen = registration.user, registration.link_version
    replace = partial(replace_private_link, registration, actor=user, seen_version=seen)
    if ButtonForm().validate_on_submit() and attempt(replace).ok:
        return render_template("registration/link_sent.html", reason="replaced")
    return redirect(url_for("registration.manage", token=token))


@bp.route("/r/<token>/email", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"])
def change_email(token: str) -> Response | str:
    """Ask to move the registration to a new address; a link sent there confirms it."""
    registration = _registration_or_404(token)
    form = EmailChangeForm()
    if form.validate_on_submit():
        address = form.email.data
        if attempt(lambda: request_email_change(registration, address), form=form).ok:
            return render_template("registration/email_change_sent.html", email=address)
    return render_template(
        "registration/change_email.html", form=form, registration=registration, token=token
    )


@bp.route("/email-change/<token>", methods=["GET", "POST"], endpoint="confirm_email_change")
def confirm_email_change_page(token: str) -> Response | str:
    """Confirm a new address by pressing the button (a GET alone changes nothing: mail scanners)."""
    form = ButtonForm()
    if form.validate_on_submit() and attempt(lambda: confirm_email_change(token)).ok:
        return render_template("registration/link_sent.html", reason="email_changed")
    return render_template("registration/confirm_email_change.html", form=form, token=token)


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
        outcome = attempt(lambda: update_details(registration, details, now=utcnow()), form=form)
        if outcome.value:
            message = _("Saved. Whom you represent changes once the organisers have reviewed it.")
            flash(message, "info")
        elif outcome.ok:
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


@bp.route("/r/<token>/offer/<any(accept, decline):answer>", methods=["POST"])
def answer_place_offer(token: str, answer: str) -> Response:
    """Take the place offered from the wait list, or give it up for the next person."""
    registration = _registration_or_404(token)
    accept = answer == "accept"
    if (
        ButtonForm().validate_on_submit()
        and attempt(lambda: answer_offer(registration, accept=accept, now=utcnow())).ok
    ):
        taken = _("The place is yours: your registration is approved.")
        flash(taken if accept else _("You gave the place up; thank you for telling us."), "info")
    return redirect(url_for("registration.manage", token=token))
