"""Absolute links come from PUBLIC_BASE_URL, never from the request's Host header (issue 8.1)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.urls import external_url
from tests import factories
from tests.agenda import helpers
from tests.conftest import count_rows, csrf_token
from tests.test_registration_public import VALID

# Trusted (the browser tests' live server listens there) but not the public address.
OTHER_TRUSTED_HOST = "http://127.0.0.1:8123"


def mail_links() -> list[str]:
    bodies = db.session.scalars(sa.select(OutboxEmail.body_text).order_by(OutboxEmail.id))
    return [link for body in bodies for link in re.findall(r"\S+://\S+", body)]


def test_a_sign_in_link_points_at_the_public_address_whatever_host_was_asked(app, client):
    with app.app_context():
        factories.registration(factories.edition(), "ada@example.org")
        db.session.commit()
    page = client.get("/login", base_url=OTHER_TRUSTED_HOST).get_data(as_text=True)
    client.post(
        "/login/link",
        base_url=OTHER_TRUSTED_HOST,
        data={"csrf_token": csrf_token(page), "email": "ada@example.org"},
    )
    with app.app_context():
        [link] = mail_links()
    assert link.startswith("http://localhost/login/magic/"), link


def test_re_registering_mails_the_private_link_on_the_public_address(app, client):
    with app.app_context():
        factories.edition(capacity=50)
        db.session.commit()
    for _attempt in range(2):  # the second time is the "already registered" e-mail
        page = client.get("/register", base_url=OTHER_TRUSTED_HOST).get_data(as_text=True)
        client.post(
            "/register", base_url=OTHER_TRUSTED_HOST, data={"csrf_token": csrf_token(page), **VALID}
        )
    with app.app_context():
        templates = db.session.scalars(sa.select(OutboxEmail.template).order_by(OutboxEmail.id))
        assert list(templates) == ["received", "link_resent"]
        links = mail_links()
    assert links and all(link.startswith("http://localhost/") for link in links), links


def test_a_request_naming_an_unknown_host_is_refused_and_sends_nothing(app, client):
    with app.app_context():
        factories.registration(factories.edition(), "ada@example.org")
        db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login/link",
        headers={"Host": "attacker.invalid"},
        data={"csrf_token": csrf_token(page), "email": "ada@example.org"},
    )
    assert response.status_code == 400
    api = client.get("/api/v1/openapi.json", headers={"Host": "attacker.invalid"})
    assert (api.status_code, api.get_json()["error"]["code"]) == (400, "unknown_host")
    with app.app_context():
        assert count_rows(OutboxEmail) == 0


def test_calendar_links_and_files_use_the_public_address(app, client: FlaskClient):
    with app.app_context():
        session_id = helpers.session(factories.edition()).id
        db.session.commit()
    page = client.get("/agenda", base_url=OTHER_TRUSTED_HOST).get_data(as_text=True)
    assert 'href="webcal://localhost/agenda.ics"' in page
    ics = client.get(f"/agenda/sessions/{session_id}.ics", base_url=OTHER_TRUSTED_HOST)
    unfolded = ics.get_data(as_text=True).replace("\r\n ", "")
    assert f"URL:http://localhost/agenda/sessions/{session_id}" in unfolded
    assert "127.0.0.1" not in unfolded
    feed = client.get("/agenda.ics", base_url=OTHER_TRUSTED_HOST).get_data(as_text=True)
    assert f"URL:http://localhost/agenda/sessions/{session_id}" in feed.replace("\r\n ", "")


def test_external_url_keeps_the_public_address_s_path_inside_a_request_or_not(app: Flask):
    saved = app.config["PUBLIC_BASE_URL"]
    app.config["PUBLIC_BASE_URL"] = "https://forum.example.org/mayors"
    try:
        with app.app_context():
            outside = external_url("registration.manage", token="abc")
        with app.test_request_context("/", base_url="http://127.0.0.1:5000/elsewhere"):
            inside = external_url("endorsements.show", _anchor="cities")
    finally:
        app.config["PUBLIC_BASE_URL"] = saved
    assert outside == "https://forum.example.org/mayors/r/abc"
    assert inside == "https://forum.example.org/mayors/declaration/#cities"
