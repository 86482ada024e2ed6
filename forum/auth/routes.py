"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user
from werkzeug.wrappers import Response

from forum.auth.forms import MagicLinkForm, PasswordLoginForm, RedeemForm
from forum.auth.models import Role
from forum.auth.services import (
    InvalidLink,
    authenticate,
    find_user,
    magic_link_token,
    redeem_magic_link,
)
from forum.extensions import db, limiter
from forum.mail.services import queue_email
from forum.urls import external_url

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _safe_next(default: str) -> str:
    target = request.args.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.netloc:
        return target
    return default


def _home_for(role: Role) -> str:
    return (
        url_for("dashboard_admin.index")
        if role.includes(Role.STAFF)
        else url_for("registration.account")
    )


def _render_login(
    password_form: PasswordLoginForm | None = None, link_form: MagicLinkForm | None = None
) -> str:
    return render_template(
        "auth/login.html",
        password_form=password_form or PasswordLoginForm(formdata=None),
        link_form=link_form or MagicLinkForm(formdata=None),
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> Response | str:
    """Sign in with a password (staff and organisers)."""
    form = PasswordLoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            login_user(user)
            return redirect(_safe_next(_home_for(user.role)))
        form.password.errors.append(_("That e-mail and password do not match."))
    return _render_login(password_form=form)


@bp.route("/login/link", methods=["POST"])
@limiter.limit(_login_limit)
def request_link() -> Response | str:
    """Send a single-use sign-in link by e-mail (delegates)."""
    form = MagicLinkForm()
    if not form.validate_on_submit():
        return _render_login(link_form=form)
    _send_magic_link(form.email.data)
    db.session.commit()
    flash(
        _("If we know that address, a sign-in link is on its way. It works once, for 30 minutes."),
        "success",
    )
    return redirect(url_for("auth.login"))


def _send_magic_link(email: str) -> None:
    user = find_user(email)
    if user is None or not user.is_active:
        return  # say the same either way, so the form does not reveal who is registered
    link = external_url("auth.redeem", token=magic_link_token(user))
    queue_email(user.email, "magic_link", locale=user.preferred_locale, user=user, link=link)


@bp.route("/login/magic/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def redeem(token: str) -> Response | str:
    """Spend a magic sign-in link."""
    form = RedeemForm()
    if form.validate_on_submit():
        try:
            user = redeem_magic_link(token)
        except InvalidLink as error:
            db.session.rollback()
            flash(_("%(reason)s Ask for a new one below.", reason=error.message), "error")
            return redirect(url_for("auth.login"))
        db.session.commit()
        login_user(user)
        return redirect(_home_for(user.role))
    return render_template("auth/redeem.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))
