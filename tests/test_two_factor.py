"""Privileged roles: a password always, magic links never, and TOTP codes as a second step
(issue 8.2)."""

from __future__ import annotations

import re
import threading
import time

import pyotp
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from forum.auth.models import Role, User
from forum.auth.services import InvalidLink, magic_link_token, redeem_magic_link
from forum.extensions import db
from forum.mail.models import OutboxEmail
from tests import factories
from tests.conftest import Auth, count_rows, csrf_token

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code(secret: str = SECRET, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows (``steps_ahead`` half-minutes from now)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def wrong_code(secret: str = SECRET) -> str:
    """A code the app does not show now, nor half a minute either side."""
    accepted = {code(secret, steps) for steps in (-2, -1, 0, 1, 2)}
    return next(
        guess for guess in ("000000", "111111", "222222", "333333") if guess not in accepted
    )


def shown_secret(page: str) -> str:
    """The key the set-up page shows, without its spaces."""
    return (
        re.search(r'<code class="totp-secret">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    )


def organiser_with_totp(app: Flask) -> None:
    with app.app_context():
        factories.edition()
        factories.organiser().totp_secret = SECRET
        db.session.commit()


def post_password(client: FlaskClient, email: str, password: str, next_url: str = "") -> str:
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login" + next_url,
        data={"csrf_token": csrf_token(page), "email": email, "password": password},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def post_code(client: FlaskClient, value: str, path: str = "/login/code") -> tuple[int, str]:
    page = client.get(path).get_data(as_text=True)
    response = client.post(path, data={"csrf_token": csrf_token(page), "code": value})
    return response.status_code, response.headers.get("Location") or response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.STAFF, Role.ORGANISER, Role.ADMIN])
def test_privileged_accounts_get_no_magic_link_and_the_same_answer(app, client, role):
    with app.app_context():
        factories.user("boss@forum.example", role, "a-long-password-1")
        db.session.commit()
    answers = []
    for address in ("boss@forum.example", "nobody@example.org"):
        page = client.get("/login").get_data(as_text=True)
        response = client.post(
            "/login/link",
            data={"csrf_token": csrf_token(page), "email": address},
            follow_redirects=True,
        )
        answers.append(re.findall(r'class="flash[^"]*">([^<]+)<', response.get_data(as_text=True)))
    assert answers[0] == answers[1] != []
    with app.app_context():
        assert count_rows(OutboxEmail) == 0


def test_a_magic_link_never_opens_a_privileged_account(app, client):
    with app.app_context():
        factories.edition()
        organiser = factories.organiser()
        db.session.commit()
        token, counter = magic_link_token(organiser), organiser.login_counter
        with pytest.raises(InvalidLink) as refused:
            redeem_magic_link(token)
        assert refused.value.code == "password_required"
        db.session.rollback()
    page = client.get(f"/login/magic/{token}").get_data(as_text=True)
    client.post(f"/login/magic/{token}", data={"csrf_token": csrf_token(page)})
    assert client.get("/admin/").status_code == 302
    with app.app_context():
        assert db.session.scalars(sa.select(User.login_counter)).one() == counter


def test_an_organiser_sets_up_totp_with_an_inline_qr_code_and_a_confirming_code(app, client):
    with app.app_context():
        factories.edition()
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = shown_secret(page)
    assert re.search(r'<svg class="totp-qr"[^>]*>\s*<rect[^>]*/>\s*<path d="M', page)
    assert "<img" not in page
    # Reloading the page shows the same secret: the app scanned first keeps working.
    assert shown_secret(client.get("/account/two-factor").get_data(as_text=True)) == secret
    status, answer = post_code(client, wrong_code(secret), "/account/two-factor")
    assert status == 200 and "not right" in answer
    with app.app_context():
        assert db.session.scalars(sa.select(User.totp_secret)).one() is None
    status, _location = post_code(client, code(secret), "/account/two-factor")
    assert status == 302
    with app.app_context():
        assert db.session.scalars(sa.select(User.totp_secret)).one() == secret


def test_with_totp_on_the_password_alone_does_not_sign_in(app, client):
    organiser_with_totp(app)
    assert (
        post_password(client, *factories.ORGANISER, "?next=/admin/registrations/") == "/login/code"
    )
    assert client.get("/admin/").status_code == 302  # not signed in yet
    status, location = post_code(client, code())
    assert (status, location) == (302, "/admin/registrations/")
    assert client.get("/admin/").status_code == 200


def test_a_code_works_once_even_within_its_window(app, client: FlaskClient):
    organiser_with_totp(app)
    used = code(steps_ahead=1)
    post_password(client, *factories.ORGANISER)
    assert post_code(client, used)[0] == 302
    client.post(
        "/logout", data={"csrf_token": csrf_token(client.get("/admin/").get_data(as_text=True))}
    )
    post_password(client, *factories.ORGANISER)
    status, answer = post_code(client, used)
    assert status == 200 and "used already" in answer
    assert client.get("/admin/").status_code == 302


def test_a_halfway_sign_in_expires(app, client):
    organiser_with_totp(app)
    post_password(client, *factories.ORGANISER)
    page = client.get("/login/code").get_data(as_text=True)
    app.config["TWO_FACTOR_MAX_AGE_SECONDS"] = -1
    try:
        response = client.post("/login/code", data={"csrf_token": csrf_token(page), "code": code()})
    finally:
        app.config["TWO_FACTOR_MAX_AGE_SECONDS"] = 300
    assert (response.status_code, response.headers["Location"]) == (302, "/login")
    assert client.get("/admin/").status_code == 302


def phone(app: Flask, address: str) -> FlaskClient:
    """A client calling from ``address``."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_the_code_step_is_rate_limited_per_address_and_per_account(app):
    organiser_with_totp(app)
    phones = [phone(app, "10.0.0.1"), phone(app, "10.0.0.2")]
    for caller in phones:
        post_password(caller, *factories.ORGANISER)
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [post_code(caller, wrong_code())[0] for caller in (*phones, *phones)]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    # Four guesses from two addresses: the account's limit of three stops the fourth.
    assert statuses == [200, 200, 200, 429]


def test_required_totp_sends_an_organiser_to_set_it_up_before_anything_else(app, client):
    with app.app_context():
        factories.edition()
        factories.organiser()
        factories.staff()
        db.session.commit()
    app.config["REQUIRE_2FA_FOR_ORGANISERS"] = True
    try:
        Auth(client).login(*factories.ORGANISER)
        for url in ("/admin/", "/admin/registrations/", "/account"):
            response = client.get(url)
            assert (response.status_code, response.headers["Location"]) == (
                302,
                "/account/two-factor",
            )
        secret = shown_secret(client.get("/account/two-factor").get_data(as_text=True))
        assert post_code(client, code(secret), "/account/two-factor")[0] == 302
        assert client.get("/admin/").status_code == 200
        staff = app.test_client()
        Auth(staff).login(*factories.STAFF)
        assert staff.get("/admin/").status_code == 200  # staff are not organisers
    finally:
        app.config["REQUIRE_2FA_FOR_ORGANISERS"] = False


def test_of_sign_ins_racing_with_one_code_only_one_gets_in(app):
    organiser_with_totp(app)
    racers = [app.test_client() for _ in range(8)]
    for racer in racers:
        post_password(racer, *factories.ORGANISER)
    tokens = [csrf_token(r.get("/login/code").get_data(as_text=True)) for r in racers]
    same_code, barrier, statuses = code(steps_ahead=1), threading.Barrier(len(racers)), []

    def send(index: int) -> None:
        barrier.wait()
        data = {"csrf_token": tokens[index], "code": same_code}
        statuses.append(racers[index].post("/login/code", data=data).status_code)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(racers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [200] * 7 + [302]
    assert [r.get("/admin/").status_code for r in racers].count(200) == 1
