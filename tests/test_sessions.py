"""Signing out ends every session of the person, copied cookies included (issue 8.4)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_login.utils import encode_cookie

from forum.audit.models import AuditEvent
from forum.auth.login import load_user
from forum.auth.models import User
from forum.auth.services import end_sessions
from forum.extensions import db
from forum.mail.models import OutboxEmail
from tests import factories
from tests.conftest import Auth, csrf_token


def delegate_signed_in(app: Flask, client: FlaskClient) -> int:
    """A delegate signed in by magic link on ``client``; returns the registration's id."""
    with app.app_context():
        registration = factories.registration(factories.edition(), "ada@example.org")
        db.session.commit()
        registration_id = registration.id
    page = client.get("/login").get_data(as_text=True)
    client.post("/login/link", data={"csrf_token": csrf_token(page), "email": "ada@example.org"})
    with app.app_context():
        body = db.session.scalars(sa.select(OutboxEmail.body_text)).one()
    link = re.search(r"http://localhost(/login/magic/\S+)", body).group(1)
    page = client.get(link).get_data(as_text=True)
    client.post(link, data={"csrf_token": csrf_token(page)})
    assert client.get("/account").status_code == 200
    return registration_id


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def sign_out(client: FlaskClient) -> None:
    page = client.get("/account").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(page)})


def test_a_cookie_copied_before_sign_out_no_longer_opens_the_account(app, client):
    delegate_signed_in(app, client)
    thief = copy_of(app, client)
    assert thief.get("/account").status_code == 200
    sign_out(client)
    assert client.get("/account").status_code == 302
    response = thief.get("/account")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=/account")


def test_a_remember_me_cookie_ends_with_the_sessions(app):
    with app.app_context():
        user = factories.user("ada@example.org")
        db.session.commit()
        cookie = encode_cookie(user.get_id())
    browser = app.test_client()
    browser.set_cookie("remember_token", cookie)
    assert browser.get("/account").status_code == 200
    with app.app_context():
        end_sessions(db.session.get(User, user.id))
        db.session.commit()
    stale = app.test_client()
    stale.set_cookie("remember_token", cookie)
    assert stale.get("/account").status_code == 302


def test_only_the_current_session_version_loads_a_user(ctx):
    user = factories.user("ada@example.org")
    db.session.commit()
    current = user.get_id()
    assert current == f"{user.id}:{user.session_version}"
    assert load_user(current) == user
    assert load_user(str(user.id)) is None  # the bare id sessions carried before versions
    end_sessions(user)
    db.session.commit()
    assert load_user(current) is None
    assert load_user(user.get_id()) == user


def test_an_organiser_signs_a_delegate_out_everywhere_from_the_detail_page(app, client):
    registration_id = delegate_signed_in(app, client)
    organiser = app.test_client()
    with app.app_context():
        factories.organiser()
        db.session.commit()
    Auth(organiser).login(*factories.ORGANISER)
    page = organiser.get(f"/admin/registrations/{registration_id}").get_data(as_text=True)
    assert "Sign this person out everywhere" in page
    token = re.search(r'id="sign-out-csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = organiser.post(
        f"/admin/registrations/{registration_id}/sign-out-everywhere", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 302
    assert organiser.get("/admin/").status_code == 200  # the organiser's own session lives on
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "registration.signed_out_everywhere" in actions
    page = organiser.get(f"/admin/registrations/{registration_id}").get_data(as_text=True)
    assert "Signed out everywhere" in page  # the history words the action, never its key
    assert "registration.signed_out_everywhere" not in page


def test_the_command_signs_a_person_out_everywhere(app, client, runner):
    delegate_signed_in(app, client)
    result = runner.invoke(args=["forum", "sign-out-everywhere", "--email", "ADA@example.org"])
    assert result.exit_code == 0, result.output
    assert "signed out everywhere" in result.output
    assert client.get("/account").status_code == 302
    unknown = runner.invoke(args=["forum", "sign-out-everywhere", "--email", "x@example.org"])
    assert unknown.exit_code != 0


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(app, client, runner):
    with app.app_context():
        factories.edition()
        factories.staff()
        db.session.commit()
    Auth(client).login(*factories.STAFF)
    assert client.get("/admin/").status_code == 200
    result = runner.invoke(
        args=[
            "forum",
            "create-user",
            "--role",
            "staff",
            "--email",
            factories.STAFF[0],
            "--password",
            "a-brand-new-password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert client.get("/admin/").status_code == 302
    Auth(client).login(factories.STAFF[0], "a-brand-new-password")
    assert client.get("/admin/").status_code == 200
