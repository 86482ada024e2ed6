"""The private link speaks the registrant's language until they pick another (issue 11.15)."""

from __future__ import annotations

from forum.extensions import db
from forum.registration.links import private_link_token
from tests import factories

ENGLISH = {"Accept-Language": "en"}


def _french_registrant(app) -> str:
    with app.app_context():
        registration = factories.registration(factories.edition(), "amelie@example.org")
        registration.user.preferred_locale = "fr"
        db.session.commit()
        return private_link_token(registration)


def test_the_private_page_is_french_for_a_french_registrant_on_an_english_browser(app, client):
    token = _french_registrant(app)
    page = client.get(f"/r/{token}", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="fr">' in page and "Votre inscription" in page
    programme = client.get(f"/r/{token}/sessions", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="fr">' in programme


def test_after_picking_english_the_private_page_stays_english(app, client):
    token = _french_registrant(app)
    client.get(f"/r/{token}", headers=ENGLISH)
    client.get(f"/lang/en?next=/r/{token}", headers=ENGLISH)
    for _ in range(2):
        page = client.get(f"/r/{token}", headers=ENGLISH).get_data(as_text=True)
        assert '<html lang="en">' in page and "Your registration" in page
    assert '<html lang="en">' in client.get("/", headers=ENGLISH).get_data(as_text=True)


def test_a_forged_link_changes_no_language(app, client):
    _french_registrant(app)
    assert client.get("/r/forged", headers=ENGLISH).status_code == 404
    assert '<html lang="en">' in client.get("/", headers=ENGLISH).get_data(as_text=True)


def test_an_organiser_opening_the_link_keeps_their_language(app, client, auth):
    token = _french_registrant(app)
    with app.app_context():
        factories.organiser()
        db.session.commit()
    auth.login(*factories.ORGANISER)
    page = client.get(f"/r/{token}", headers=ENGLISH).get_data(as_text=True)
    assert '<html lang="en">' in page
