"""Two-step sign-in pages: the code after the password, and setting up the app."""

from __future__ import annotations

from functools import partial

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_user
from werkzeug.wrappers import Response

from forum.auth.decorators import role_required
from forum.auth.forms import CodeForm
from forum.auth.models import Role
from forum.auth.routes import bp, home_for, login_limit
from forum.auth.totp import confirm_enrolment, pending_secret, provisioning_uri, spend_code
from forum.auth.two_step import finish_second_step, pending_user, pending_user_id
from forum.db import utcnow
from forum.errors import json_error
from forum.extensions import limiter
from forum.qr import qr_matrix, svg_path, svg_size
from forum.web import attempt

# What an organiser who must set up two-step sign-in can still reach.
OPEN_BEFORE_ENROLMENT = {"auth.enrol_two_factor", "auth.logout", "static", "main.set_language"}


def _per_account() -> str:
    """The account being signed in to: guessing codes from many addresses counts as one."""
    return f"two-step:{pending_user_id() or get_remote_address()}"


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_limit, key_func=_per_account, methods=["POST"])
def two_factor() -> Response | str:
    """The second sign-in step: the six-digit code of the person's authenticator app."""
    user = pending_user(utcnow())
    if user is None:
        flash(_("Please sign in with your e-mail and password first."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    spend = partial(spend_code, user, form.code.data, now=utcnow())
    if form.validate_on_submit() and attempt(spend, form=form).ok:
        target = finish_second_step()
        login_user(user)
        return redirect(target)
    return render_template("auth/two_factor.html", form=form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
@limiter.limit(login_limit, methods=["POST"])
def enrol_two_factor() -> Response | str:
    """Set up an authenticator app: scan the code, then type the code it shows to switch on."""
    user = current_user._get_current_object()
    form = CodeForm()
    confirm = partial(confirm_enrolment, user, form.code.data, now=utcnow())
    if form.validate_on_submit() and attempt(confirm, form=form).ok:
        flash(_("Two-step sign-in is on: after your password, we will ask for a code."), "success")
        return redirect(home_for(user.role))
    secret = attempt(lambda: pending_secret(user)).value or ""
    matrix = qr_matrix(provisioning_uri(user, secret))
    return render_template(
        "auth/enrol_two_factor.html",
        form=form,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr_path=svg_path(matrix),
        qr_size=svg_size(matrix),
    )


@bp.before_app_request
def require_two_factor() -> Response | tuple[Response, int] | None:
    """With REQUIRE_2FA_FOR_ORGANISERS, organisers without a code app set one up first."""
    if not current_app.config["REQUIRE_2FA_FOR_ORGANISERS"]:
        return None
    if request.endpoint in OPEN_BEFORE_ENROLMENT or not current_user.is_authenticated:
        return None
    if not current_user.has_role(Role.ORGANISER) or current_user.has_two_factor:
        return None
    if request.path.startswith("/api/"):
        return json_error("two_factor_required", "Set up two-step sign-in first.", 403)
    flash(_("Organisers must set up two-step sign-in before anything else."), "info")
    return redirect(url_for("auth.enrol_two_factor"))
