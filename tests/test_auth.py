"""Signing in: passwords for staff, single-use magic links for delegates."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.auth.models import Role, User
from forum.auth.services import InvalidLink, magic_link_token, redeem_magic_link
from forum.extensions import db
from forum.mail.models import OutboxEmail
from tests import factories
from tests.conftest import Auth, csrf_token


def test_organiser_signs_in_with_password_and_lands_on_the_dashboard(app, client):
    with app.app_context():
        factories.edition()
        factories.organiser()
        db.session.commit()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": " ORG@forum.example ",
            "password": factories.ORGANISER[1],
        },
    )
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_wrong_password_says_so_and_signs_nobody_in(app, client):
    with app.app_context():
        factories.organiser()
        db.session.commit()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login",
        data={"csrf_token": token, "email": factories.ORGANISER[0], "password": "wrong-password"},
    )
    assert response.status_code == 200
    assert "do not match" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_next_parameter_never_leaves_the_site(app, client):
    with app.app_context():
        factories.organiser()
        db.session.commit()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=//evil.example/x",
        data={
            "csrf_token": token,
            "email": factories.ORGANISER[0],
            "password": factories.ORGANISER[1],
        },
    )
    assert response.headers["Location"] == "/admin/"


def test_magic_link_signs_a_delegate_in_once(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.registration(edition, "ada@example.org")
        db.session.commit()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login/link", data={"csrf_token": token, "email": "Ada@example.org"})
    with app.app_context():
        body = db.session.scalars(sa.select(OutboxEmail.body_text)).one()
    link = re.search(r"http://localhost(/login/magic/\S+)", body).group(1)
    page = client.get(link).get_data(as_text=True)  # a GET (mail scanners) spends nothing
    response = client.post(link, data={"csrf_token": csrf_token(page)})
    assert response.headers["Location"] == "/account"
    account = client.get("/account").get_data(as_text=True)
    assert "City Leadership in Implementing the UN Global Compacts" in account
    client.post("/logout", data={"csrf_token": csrf_token(account)})
    page = client.get(link).get_data(as_text=True)
    response = client.post(link, data={"csrf_token": csrf_token(page)}, follow_redirects=True)
    assert "already been used" in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_email(app, client):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login/link",
        data={"csrf_token": token, "email": "nobody@example.org"},
        follow_redirects=True,
    )
    assert "If we know that address" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 0


def test_expired_and_forged_links_are_refused(app, ctx):
    user = factories.user("ada@example.org")
    db.session.commit()
    token = magic_link_token(user)
    with pytest.raises(InvalidLink) as forged:
        redeem_magic_link(token[:-3] + "abc")
    assert forged.value.code == "link_invalid"
    app.config["MAGIC_LINK_MAX_AGE_SECONDS"] = -1
    try:
        with pytest.raises(InvalidLink) as expired:
            redeem_magic_link(token)
    finally:
        app.config["MAGIC_LINK_MAX_AGE_SECONDS"] = 1800
    assert expired.value.code == "link_expired"
    assert redeem_magic_link(token) == (user, None)


def test_create_user_command(runner, ctx):
    result = runner.invoke(
        args=[
            "forum",
            "create-user",
            "--role",
            "staff",
            "--email",
            "Gate@Forum.example",
            "--password",
            "a-strong-password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(sa.select(User)).one()
    assert (user.email, user.role) == ("gate@forum.example", Role.STAFF)
    assert user.password_hash and "a-strong-password" not in user.password_hash
    weak = runner.invoke(
        args=["forum", "create-user", "--email", "x@forum.example", "--password", "short"]
    )
    assert weak.exit_code != 0
    assert "at least 12" in weak.output


def test_staff_lands_on_the_staff_page(app, client):
    with app.app_context():
        factories.edition()
        factories.staff()
        db.session.commit()
    Auth(client).login(*factories.STAFF)
    assert "On-site tools" in client.get("/admin/").get_data(as_text=True)
