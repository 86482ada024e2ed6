"""Returning delegates (issue 13.5): their last details offered again when they register for
the new edition, and the organisers' count of delegates and cities who came before."""

from __future__ import annotations

import re
from datetime import date

from werkzeug.security import generate_password_hash

from forum.extensions import db
from forum.registration.models import RegistrationStatus as S
from forum.registration.returning import returning_counts
from tests import factories
from tests.conftest import Auth


def _berlin_then_marrakech():
    """A mayor of Freetown came to Berlin 2017; Marrakech 2018 is open."""
    berlin = factories.edition(number=4, year=2017, city="Berlin", country_code="DE",
                               starts_on=date(2017, 6, 26), ends_on=date(2017, 6, 27),
                               is_current=False)  # fmt: skip
    marrakech = factories.edition()
    earlier = factories.registration(berlin, "mayor@freetown.example", S.APPROVED)
    earlier.position_title = "Mayor of Freetown"
    earlier.organisation = "Freetown City Council"
    earlier.needs_visa_letter = True
    earlier.user.password_hash = generate_password_hash("a-long-password-7")
    db.session.commit()
    return berlin, marrakech, earlier


def test_a_returning_delegate_finds_the_form_filled_with_last_years_details(app, client):
    with app.app_context():
        _berlin_then_marrakech()
    Auth(client).login("mayor@freetown.example", "a-long-password-7")
    page = client.get("/register").get_data(as_text=True)
    assert "Welcome back" in page and "Berlin 2017" in page
    assert 'value="Mayor of Freetown"' in page
    assert 'value="Freetown City Council"' in page
    assert 'value="mayor@freetown.example"' in page
    visa = re.search(r'<input[^>]*name="needs_visa_letter"[^>]*>', page)
    assert visa and "checked" not in visa.group(0)  # a visa letter is asked for afresh


def test_a_newcomer_gets_an_empty_form(app, client):
    with app.app_context():
        _berlin_then_marrakech()
    page = client.get("/register").get_data(as_text=True)
    assert "Welcome back" not in page
    assert "Mayor of Freetown" not in page


def test_organisers_see_how_many_delegates_and_cities_return(app, ctx):
    berlin, marrakech, earlier = _berlin_then_marrakech()
    again = factories.registration(marrakech, "other@freetown.example", S.PENDING)
    assert again.city_id == earlier.city_id  # a new person from a returning city
    returning_person = factories.registration(marrakech, "x@example.org", S.APPROVED,
                                              city=("Quito", "EC"))  # fmt: skip
    returning_person.user = earlier.user
    factories.registration(marrakech, "gone@example.org", S.WITHDRAWN)
    db.session.commit()
    counts = returning_counts(marrakech)
    assert (counts.delegates, counts.cities) == (1, 1)
    assert returning_counts(berlin).delegates == 0


def test_the_dashboard_says_who_came_before(app, client):
    with app.app_context():
        _, marrakech, earlier = _berlin_then_marrakech()
        again = factories.registration(marrakech, "y@example.org", S.APPROVED)
        again.user = earlier.user
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/admin/").get_data(as_text=True)
    assert "1 delegate came to an earlier edition" in page
    assert "1 city came before" in page
