"""Signing in brings people back where they were going, and never to another site."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from forum.extensions import db
from forum.mail.services import send_due_emails
from forum.registration.models import RegistrationStatus
from forum.urls import same_site_path
from tests import factories
from tests.conftest import csrf_token
from tests.endorsements.helpers import declaration
from tests.smtp import SmtpSink, text_body

HOSTILE = ["//evil.example", "https://evil.example", "/\\evil", "javascript:alert(1)"]


def _follow_emailed_link(app, client, smtp: SmtpSink, next_value: str | None) -> str:
    """Ask for a sign-in link from the login page with ``next``, spend the e-mailed link."""
    query = f"?next={quote(next_value, safe='')}" if next_value is not None else ""
    page = client.get(f"/login{query}").get_data(as_text=True)
    action = re.search(r'action="([^"]*/login/link[^"]*)"', page).group(1).replace("&amp;", "&")
    client.post(action, data={"csrf_token": csrf_token(page), "email": "ada@example.org"})
    with app.app_context():
        assert send_due_emails().sent == 1
    [message] = smtp.to("ada@example.org")
    link = re.search(r"http://localhost(/login/magic/\S+)", text_body(message)).group(1)
    form = client.get(link).get_data(as_text=True)
    response = client.post(link, data={"csrf_token": csrf_token(form)})
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.fixture
def delegate(app):
    with app.app_context():
        edition = factories.edition()
        factories.registration(edition, "ada@example.org", RegistrationStatus.APPROVED)
        declaration(edition)
        db.session.commit()


def test_sign_in_from_the_declaration_lands_back_on_it(app, client, smtp, delegate):
    page = client.get("/declaration/").get_data(as_text=True)
    login_href = re.search(r'href="(/login\?next=[^"]+)"', page).group(1)
    next_value = login_href.split("next=", 1)[1].replace("%2F", "/")
    assert _follow_emailed_link(app, client, smtp, next_value) == "/declaration/"
    assert "Endorse the declaration" in client.get("/declaration/").get_data(as_text=True)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_next_in_the_link_request_lands_on_the_account(
    app, client, smtp, delegate, hostile
):
    assert _follow_emailed_link(app, client, smtp, hostile) == "/account"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_next_after_the_password_is_ignored(app, client, hostile):
    with app.app_context():
        factories.organiser()
        db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        f"/login?next={quote(hostile, safe='')}",
        data={
            "csrf_token": csrf_token(page),
            "email": factories.ORGANISER[0],
            "password": factories.ORGANISER[1],
        },
    )
    assert response.headers["Location"] == "/admin/"


def test_same_site_paths_only():
    assert same_site_path("/declaration/?text=fr#endorse") == "/declaration/?text=fr#endorse"
    for value in [*HOSTILE, "/\t/evil", "", None, "declaration", "/ok\n", "/a\\b", "\\\\evil", 42]:
        assert same_site_path(value) is None


def test_the_code_step_keeps_a_same_site_next_and_drops_a_hostile_one(app, client):
    from tests.test_two_factor import code, organiser_with_totp, post_code, post_password

    organiser_with_totp(app)
    post_password(client, *factories.ORGANISER, "?next=" + quote("/\\evil.example", safe=""))
    assert post_code(client, code()) == (302, "/admin/")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_language_switcher_never_leaves_the_site(client, hostile):
    response = client.get(f"/lang/fr?next={quote(hostile, safe='')}")
    assert response.headers["Location"] == "/"
    assert client.get("/lang/fr?next=/agenda").headers["Location"] == "/agenda"
