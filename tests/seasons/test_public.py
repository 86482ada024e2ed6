"""Every edition stays public: its page shows its own programme, declaration and cities, and
says which edition it is when another one is current."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from forum.editions.models import Edition
from forum.endorsements.models import Endorsement, EndorsementMethod
from forum.extensions import db
from tests import factories
from tests.agenda import helpers
from tests.badges import helpers as badge_helpers
from tests.endorsements import helpers as endorsement_helpers


def _berlin_2017_past_and_marrakech_current() -> None:
    factories.edition()
    berlin = factories.edition(
        number=4, year=2017, city="Berlin", country_code="DE", timezone="Europe/Berlin",
        starts_on=date(2017, 6, 26), ends_on=date(2017, 6, 27), is_current=False,
        outcome_document="Call of Berlin",
    )  # fmt: skip
    helpers.session(berlin, "Berlin opening", "09:00", "09:30")
    helpers.session(berlin, "Draft session", "11:00", "12:00", is_published=False)
    declaration = endorsement_helpers.declaration(berlin)
    mayor = badge_helpers.approved(berlin, "mayor@example.org")
    db.session.add(
        Endorsement(declaration=declaration, city=mayor.city, registration=mayor,
                    signatory_name="A Mayor", signatory_title="Mayor",
                    method=EndorsementMethod.ONLINE, endorsed_at=datetime(2017, 6, 27, tzinfo=UTC))
    )  # fmt: skip
    db.session.commit()


def test_a_past_edition_shows_its_own_programme_declaration_and_cities(app, client):
    with app.app_context():
        _berlin_2017_past_and_marrakech_current()
    html = client.get("/editions/4/").get_data(as_text=True)
    assert "Berlin 2017" in html and "This page shows edition 4, Berlin 2017" in html
    assert 'href="/editions/5/"' in html
    assert "Berlin opening" in html and 'datetime="2017-06-26T07:00:00+00:00">9:00' in html
    assert "Draft session" not in html
    assert "Outcome document: Call of Berlin" in html
    assert "Mayors Declaration" in html and "We commit." in html
    assert "1 city endorsed it" in html and "Montréal" in html
    french = client.get("/editions/4/?text=fr").get_data(as_text=True)
    assert "Nous nous engageons." in french


def test_a_past_edition_s_feed_carries_its_own_published_sessions(app, client):
    with app.app_context():
        _berlin_2017_past_and_marrakech_current()
        helpers.session(
            db.session.scalars(sa.select(Edition).where(Edition.number == 5)).one(),
            "Marrakech opening",
        )
        db.session.commit()
    feed = client.get("/editions/4/agenda.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    body = feed.get_data(as_text=True)
    assert "Berlin opening" in body and "DTSTART;TZID=Europe/Berlin:20170626T090000" in body
    assert "Marrakech opening" not in body and "Draft session" not in body
    assert client.get("/editions/99/agenda.ics").status_code == 404


def test_the_current_edition_page_names_no_other_and_an_unknown_one_is_404(app, client):
    with app.app_context():
        _berlin_2017_past_and_marrakech_current()
    html = client.get("/editions/5/").get_data(as_text=True)
    assert "See the current edition" not in html and "Marrakech 2018" in html
    assert client.get("/editions/99/").status_code == 404


def test_a_clone_s_draft_declaration_stays_off_its_public_page(app, client):
    from forum.seasons.cloning import clone_edition, clone_settings

    with app.app_context():
        _berlin_2017_past_and_marrakech_current()
        berlin = db.session.scalars(sa.select(Edition).where(Edition.number == 4)).one()
        settings = clone_settings(berlin, number=6, starts_on=date(2019, 6, 26))
        clone_edition(berlin.id, settings, actor=None, now=factories.NOW)
        db.session.commit()
    html = client.get("/editions/6/").get_data(as_text=True)
    assert "Berlin 2019" in html
    assert "Mayors Declaration" not in html and "Berlin opening" not in html
