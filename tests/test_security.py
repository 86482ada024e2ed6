"""Every organiser and staff route is guarded; headers, CSRF and rate limits hold."""

from __future__ import annotations

import re
import secrets

import pytest
from flask import Flask
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from forum import create_app
from forum.auth.models import Role
from forum.extensions import db
from tests import factories
from tests.agenda import helpers
from tests.badges import helpers as badge_helpers
from tests.commitments import helpers as commitment_helpers
from tests.conftest import Auth, csrf_token
from tests.endorsements import helpers as endorsement_helpers
from tests.gfmd_helpers import finished_sync_job
from tests.visas import helpers as visa_helpers

# Rules open to everyone; every other rule must need a signed-in user of some role.
PUBLIC = {
    "static",
    "ops.healthz",
    "ops.metrics",
    "main.index",
    "main.set_language",
    "main.favicon",
    "auth.login",
    "auth.request_link",
    "auth.redeem",
    "auth.two_factor",
    "auth.logout",
    "registration.register_form",
    "registration.registration_sent",
    "registration.manage",
    "registration.confirm",
    "registration.edit",
    "registration.withdraw_registration",
    "registration.answer_place_offer",
    "registration.renew_link",
    "registration.new_link",
    "registration.change_email",
    "registration.confirm_email_change",
    "badges.badge_pdf",
    "agenda.index",
    "agenda.theme",
    "agenda.session_detail",
    "agenda.session_ics",
    "agenda.edition_feed",
    "agenda.programme_booklet",
    "agenda.theme_booklet",
    "agenda.theme_feed",
    "agenda.personal_feed",
    "agenda.picks",
    "agenda.pick",
    "agenda.unpick",
    "agenda.reset_calendar",
    "api.openapi",
    "agenda_api.sessions",
    "endorsements.show",
    "endorsements.wall",
    "endorsements.declaration_pdf",
    "endorsements_api.endorsements",
    "visas.visa_request",
    "visas.letter_download",
    "visas.verify_form",
    "visas.verify",
    "commitments.index",
    "commitments.detail",
    "commitments_api.commitments",
    "commitments_api.commitment",
    "commitments.offers",
    "commitments.gcm_coverage",
    "commitments.annual_report_download",
    "commitments.open_data_download",
    "commitments.open_data_schema",
    "commitments_api.offers",
    "commitments_api.matches",
    # A delegate's pages under their private link (the token is the key, as for /r/<token>).
    "commitments.mine",
    "commitments.new_entry",
    "commitments.entry",
    "commitments.edit_entry",
    "commitments.submit_entry",
    "commitments.withdraw_entry",
    "commitments.report_progress",
    "commitments.confirm_entry",
    # A city's update link from a progress request (the signed token is the key).
    "commitments.progress_link",
    "commitments.progress_link_report",
    "commitments.delegate_connect",
    "commitments.my_matches",
    "commitments.answer_match",
    "seasons.edition_page",
    "seasons_api.editions",
    "seasons.edition_feed",
    "main.city",
}

# What an in-process production app needs besides its key (HTTPS redirects would follow the
# shared Talisman object into the other tests' app).
PRODUCTION = {
    "PUBLIC_BASE_URL": "https://forum.example.org",
    "FORCE_HTTPS": False,
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}

SIGNED_IN = {"registration.account", "endorsements.endorse_online", "commitments.connect"}


def guarded_rules(app: Flask, ids: dict[str, int] | None = None) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) of every rule that is not public; ``ids`` fill its arguments."""
    adapter = app.url_map.bind("localhost")
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC | SIGNED_IN:
            continue
        values = {name: _argument(rule, name, ids or {}) for name in rule.arguments}
        url = adapter.build(
            rule.endpoint, values, method=next(iter(rule.methods - {"HEAD", "OPTIONS"}))
        )
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append((rule.endpoint, method, url))
    return rules


def _argument(rule: Rule, name: str, ids: dict[str, int]) -> object:
    converter = rule._converters[name]
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, IntegerConverter):
        return ids.get(name, 1)
    return "up" if name == "direction" else "x"


def test_the_public_list_names_real_endpoints(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints >= PUBLIC | SIGNED_IN
    assert len(guarded_rules(app)) >= 6


def test_every_guarded_rule_declares_a_role(app):
    for endpoint, _method, _url in guarded_rules(app):
        view = app.view_functions[endpoint]
        assert isinstance(getattr(view, "required_role", None), Role), endpoint


def test_anonymous_visitors_reach_no_guarded_route(app, client):
    with app.app_context():
        factories.edition()
        db.session.commit()
    for endpoint, method, url in guarded_rules(app):
        response = client.open(url, method=method)
        if url.startswith("/api/"):
            # JSON clients are told to authenticate, never redirected to a page.
            assert response.status_code == 401, endpoint
            assert response.get_json()["error"]["code"] == "authentication_required", endpoint
        elif method == "GET":
            assert response.status_code == 302, endpoint
            assert "/login" in response.headers["Location"], endpoint
        else:
            # No CSRF token: the form POST stops at 400 or at the sign-in redirect.
            assert response.status_code in {302, 400}, endpoint


@pytest.mark.parametrize("role", [Role.DELEGATE, Role.STAFF])
def test_signed_in_users_reach_only_what_their_role_allows(app, client, role):
    with app.app_context():
        factories.edition()
        factories.user("someone@example.org", role, "a-long-password-1")
        db.session.commit()
    Auth(client).login("someone@example.org", "a-long-password-1")
    app.config["WTF_CSRF_ENABLED"] = False  # let POSTs reach the role check
    try:
        for endpoint, method, url in guarded_rules(app):
            response = client.open(url, method=method)
            required = app.view_functions[endpoint].required_role
            if role.includes(required):
                assert response.status_code not in {401, 403}, (endpoint, method)
            else:
                assert response.status_code == 403, (endpoint, method)
    finally:
        app.config["WTF_CSRF_ENABLED"] = True


def test_organisers_reach_every_guarded_page(app, client, tmp_path):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        ada = factories.registration(edition, "ada@example.org")
        ids = {
            "registration_id": ada.id,
            "city_id": ada.city_id,
            "visa_id": visa_helpers.visa_request(ada).id,
            "theme_id": helpers.theme(edition).id,
            "room_id": helpers.room(edition).id,
            "session_id": helpers.session(edition).id,
            "job_id": badge_helpers.finished_job(edition, tmp_path).id,
            "badge_id": badge_helpers.badge_of(badge_helpers.approved(edition, "b@example.org")).id,
            "sync_job_id": finished_sync_job(edition),
            "declaration_id": endorsement_helpers.declaration(edition).id,
            "commitment_id": commitment_helpers.entry(edition).id,
            "offer_id": commitment_helpers.offer(edition).id,
            "number": edition.number,
        }
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    for endpoint, method, url in guarded_rules(app, ids):
        if method == "GET":
            query = "?q=ada" if endpoint == "checkin_api.find_delegates" else ""
            assert client.get(url + query).status_code == 200, endpoint


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_and_no_stray_attributes(app, client):
    with app.app_context():
        factories.edition()
        db.session.commit()
    for url in ("/", "/register", "/login"):
        html = client.get(url).get_data(as_text=True)
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert " style=" not in html, url
        assert '="None"' not in html, url  # an attribute WTForms was told to leave out
        ids = re.findall(r'\bid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), url


def test_forms_without_csrf_token_are_refused(app, client):
    with app.app_context():
        factories.edition()
        factories.organiser()
        db.session.commit()
    response = client.post(
        "/login", data={"email": factories.ORGANISER[0], "password": factories.ORGANISER[1]}
    )
    assert response.status_code == 400
    assert "send it again" in response.get_data(as_text=True)


def test_login_is_rate_limited(app, client):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    try:
        token = csrf_token(client.get("/login").get_data(as_text=True))
        codes = [
            client.post(
                "/login", data={"csrf_token": token, "email": "x@example.org", "password": "nope"}
            ).status_code
            for _ in range(4)
        ]
    finally:
        app.config["LOGIN_RATE_LIMIT"] = "1000 per minute"
    assert codes == [200, 200, 200, 429]


def test_registration_is_rate_limited(app, client):
    with app.app_context():
        factories.edition()
        db.session.commit()
    app.config["REGISTRATION_RATE_LIMIT"] = "2 per minute"
    try:
        token = csrf_token(client.get("/register").get_data(as_text=True))
        codes = [client.post("/register", data={"csrf_token": token}).status_code for _ in range(3)]
    finally:
        app.config["REGISTRATION_RATE_LIMIT"] = "1000 per minute"
    assert codes == [200, 200, 429]
    assert client.get("/register").status_code == 200  # reading the form is not limited


def test_production_refuses_the_default_secret(monkeypatch):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY="dev-only-not-secret", **PRODUCTION)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY="", **PRODUCTION)


def test_production_sets_secure_cookies():
    app = create_app("production", SECRET_KEY=secrets.token_urlsafe(48), **PRODUCTION)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("code", [404, 405])
def test_html_errors_have_their_own_page(client, code):
    response = client.get("/nowhere") if code == 404 else client.get("/logout")
    assert response.status_code == code
    assert "<h1>" in response.get_data(as_text=True)
