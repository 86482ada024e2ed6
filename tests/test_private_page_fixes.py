"""Small truths on the private pages: the status, and no programme once withdrawn (11.18)."""

from __future__ import annotations

import pytest

from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import RegistrationStatus as S
from tests import factories


def _token(app, status: S, *, confirmed: bool = True) -> str:
    with app.app_context():
        registration = factories.registration(
            factories.edition(), "ada@example.org", status, confirmed=confirmed
        )
        db.session.commit()
        return private_link_token(registration)


def test_an_unconfirmed_registration_says_confirm_your_email_not_pending_review(app, client):
    page = client.get(f"/r/{_token(app, S.PENDING, confirmed=False)}").get_data(as_text=True)
    assert '<span class="status status-unconfirmed">Confirm your e-mail</span>' in page
    assert "Pending review" not in page


def test_a_confirmed_pending_registration_is_pending_review(app, client):
    page = client.get(f"/r/{_token(app, S.PENDING)}").get_data(as_text=True)
    assert "Pending review" in page and "status-unconfirmed" not in page


@pytest.mark.parametrize("status", [S.WITHDRAWN, S.REJECTED])
def test_a_closed_registration_has_no_programme(app, client, status):
    token = _token(app, status)
    assert "My programme and calendar" not in client.get(f"/r/{token}").get_data(as_text=True)
    response = client.get(f"/r/{token}/sessions")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/r/{token}"
    assert "has no programme" in client.get(f"/r/{token}").get_data(as_text=True)


def test_an_approved_registration_keeps_its_programme(app, client):
    token = _token(app, S.APPROVED)
    assert "My programme and calendar" in client.get(f"/r/{token}").get_data(as_text=True)
    assert client.get(f"/r/{token}/sessions").status_code == 200


def test_the_account_list_shows_status_labels_not_codes(app, client):
    from tests.agenda.test_pick_from_session_page import _sign_in

    with app.app_context():
        registration = factories.registration(factories.edition(), "ada@example.org", S.WAITLISTED)
        db.session.commit()
        _sign_in(client, registration.user)
    page = client.get("/account").get_data(as_text=True)
    assert "On the wait list" in page and ">waitlisted<" not in page


def test_favicon_is_linked_and_the_default_request_finds_it(client):
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.headers["Location"] == "/static/favicon.svg"
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


def test_the_registration_list_counts_in_words_that_agree(app, client, auth):
    with app.app_context():
        edition = factories.edition()
        factories.registration(edition, "ada@example.org")
        factories.organiser()
        db.session.commit()
    auth.login(*factories.ORGANISER)
    page = client.get("/admin/registrations/").get_data(as_text=True)
    assert "<caption>1 registration</caption>" in page
    assert "1 of 1" not in page
    client.get("/lang/fr")
    assert "<caption>1 inscription</caption>" in client.get("/admin/registrations/").get_data(
        as_text=True
    )
