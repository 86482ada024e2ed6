"""Signing in and out: passwords (then a code, when set up), magic links for delegates."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from forum.auth.forms import MagicLinkForm, PasswordLoginForm, RedeemForm
from forum.auth.models import Role
from forum.auth.services import (
    InvalidLink,
    authenticate,
    end_sessions,
    find_user,
    magic_link_token,
    may_use_magic_links,
    redeem_magic_link,
)
from forum.auth.two_step import begin_second_step
from forum.extensions import db, limiter
from forum.mail.services import queue_email
from forum.urls import external_url, same_site_path
from forum.web import attempt

bp = Blueprint("auth", __name__)


def login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def _asked_next() -> str | None:
    """The same-site page the visitor was going to (``?next=``), if it is one."""
    return same_site_path(request.args.get("next"))


def home_for(role: Role) -> str:
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
@limiter.limit(login_limit, methods=["POST"])
def login() -> Response | str:
    """Sign in with a password (staff and organisers); a code follows when they set one up."""
    form = PasswordLoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            target = _asked_next() or home_for(user.role)
            if user.has_two_factor:
                return begin_second_step(user, target)
            login_user(user)
            return redirect(target)
        form.password.errors.append(_("That e-mail and password do not match."))
    return _render_login(password_form=form)


@bp.route("/login/link", methods=["POST"])
@limiter.limit(login_limit)
def request_link() -> Response | str:
    """Send a single-use sign-in link by e-mail (delegates)."""
    form = MagicLinkForm()
    if not form.validate_on_submit():
        return _render_login(link_form=form)
    _send_magic_link(form.email.data, _asked_next())
    db.session.commit()
    flash(
        _("If we know that address, a sign-in link is on its way. It works once, for 30 minutes."),
        "success",
    )
    return redirect(url_for("auth.login", next=_asked_next()))


def _send_magic_link(email: str, next_path: str | None) -> None:
    user = find_user(email)
    if user is None or not may_use_magic_links(user):
        return  # say the same either way: the form reveals neither accounts nor roles
    link = external_url("auth.redeem", token=magic_link_token(user, next_path))
    queue_email(user.email, "magic_link", locale=user.preferred_locale, user=user, link=link)


@bp.route("/login/magic/<token>", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def redeem(token: str) -> Response | str:
    """Spend a magic sign-in link."""
    form = RedeemForm()
    if form.validate_on_submit():
        try:
            user, next_path = redeem_magic_link(token)
        except InvalidLink as error:
            db.session.rollback()
            flash(_refusal_text(error), "error")
            return redirect(url_for("auth.login"))
        db.session.commit()
        login_user(user)
        return redirect(same_site_path(next_path) or home_for(user.role))
    return render_template("auth/redeem.html", form=form)


def _refusal_text(error: InvalidLink) -> str:
    if error.code == "password_required":  # a new link would not help them either
        return error.message
    return _("%(reason)s Ask for a new one below.", reason=error.message)


@bp.route("/logout", methods=["POST"])
def logout() -> Response:
    """Sign out, here and everywhere else: a copied cookie stops working too."""
    if current_user.is_authenticated:
        attempt(lambda: end_sessions(current_user._get_current_object()))
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.index"))
