"""The public city page /cities/<country>/<slug>: its flag and region, the editions its
delegates came to (counted, never named), the declarations it endorsed and its published
entries across editions with their progress and staleness; a 404 for what does not exist."""

from __future__ import annotations

from datetime import UTC, date, datetime

from forum.commitments.access import Editor
from forum.commitments.services import withdraw
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus
from tests import factories
from tests.cities import helpers
from tests.commitments.helpers import delegate, progress

MONTREAL = ("Montréal", "CA")


def _montreal_in_two_editions() -> dict[str, int]:
    """Montréal: 2 approved delegates and a pending one in 2018, one in 2017; endorsed the
    2017 declaration; entries in both editions, besides a draft, a withdrawn one, one kept
    for organisers and another city's."""
    marrakech = factories.edition()
    berlin = helpers.berlin()
    mayor = delegate(marrakech, "valerie@example.org", MONTREAL)
    delegate(marrakech, "deputy@example.org", MONTREAL)
    factories.registration(marrakech, "pending@example.org", city=MONTREAL)
    old_mayor = delegate(berlin, "denis@example.org", MONTREAL)
    helpers.endorsed(berlin, old_mayor, datetime(2017, 6, 27, 10, tzinfo=UTC))
    services = helpers.theme(marrakech, "services", "Access to basic services")
    inclusion = helpers.theme(berlin, "inclusion", "Inclusion and cohesion")
    need = helpers.published(marrakech, mayor, services, title="Data on newcomers")
    action = helpers.published(berlin, old_mayor, inclusion, kind="doing", title="Welcome desks",
                               support_areas=[])  # fmt: skip
    progress(action, Editor(user=old_mayor.user, registration=old_mayor), date(2017, 9, 1),
             "fulfilled")  # fmt: skip
    helpers.draft(marrakech, mayor, services, title="A draft of ours")
    gone = helpers.published(marrakech, mayor, services, title="A withdrawn pledge")
    withdraw(gone.id, editor=Editor(user=mayor.user, registration=mayor), now=factories.NOW)
    hidden = helpers.published(marrakech, mayor, services, title="For organisers only")
    hidden.is_public = False
    other = delegate(marrakech, "mayor@quito.example", ("Quito", "EC"))
    helpers.published(marrakech, other, services, title="Quito's own need")
    db.session.commit()
    return {"need": need.id, "action": action.id, "city": mayor.city_id}


def test_the_city_page_shows_participation_endorsements_and_entries(app, client):
    with app.app_context():
        ids = _montreal_in_two_editions()
    response = client.get("/cities/ca/montreal")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h1" in html and "Montréal</h1>" in html
    assert "flag-icons/flags/4x3/ca.svg" in html
    assert "Canada · Americas (Northern America)" in html
    # Participation: 2 approved in 2018 (the pending one not counted), 1 in 2017.
    assert "<td>2018</td>" in html and "<td>2017</td>" in html
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.index("2018") < rows.index("2017")
    assert "<td>2</td>" in rows and "<td>1</td>" in rows
    # Endorsement of Berlin's declaration, by the city: no delegate's name anywhere.
    assert "Mayors Declaration" in html and "Endorsed by Montréal on Jun 27, 2017." in html
    for name in ("valerie", "deputy", "denis", "Test", "pending"):
        assert name not in html
    # Entries of both editions, published and public only.
    assert f'href="/commitments/{ids["need"]}"' in html and "Data on newcomers" in html
    assert f'href="/commitments/{ids["action"]}"' in html and "Welcome desks" in html
    assert "Fulfilled" in html and "Access to basic services" in html
    entries = html.split('id="entries-heading"')[1]
    assert entries.index("<h3>Marrakech 2018</h3>") < entries.index("<h3>Berlin 2017</h3>")
    for absent in ("A draft of ours", "A withdrawn pledge", "For organisers only", "Quito"):
        assert absent not in html
    assert f"/commitments?edition=4&amp;city={ids['city']}" in html


def test_staleness_of_each_entry_is_shown(app, client):
    with app.app_context():
        _montreal_in_two_editions()
    html = client.get("/cities/ca/montreal").get_data(as_text=True)
    # Berlin's action was last reported in 2017, so it has long been red; the 2018 need is
    # unreported since 2018: red too by now. The badges carry their colour.
    assert html.count("staleness-red") == 2


def test_a_city_with_nothing_yet_says_so(app, client):
    with app.app_context():
        factories.edition()
        factories.registration(factories.edition(number=3, year=2016, is_current=False),
                               "x@example.org", city=("Quezon City", "PH"))  # fmt: skip
        db.session.commit()
    html = client.get("/cities/ph/quezon-city").get_data(as_text=True)
    assert "No delegation of this city has taken part in an edition yet." in html
    assert "This city has not endorsed a declaration of the forum." in html
    assert "No published entry yet." in html


def test_unknown_city_or_country_is_a_404_and_upper_case_redirects(app, client):
    with app.app_context():
        factories.edition()
        delegate(factories.edition(number=4, year=2017, is_current=False), "a@example.org",
                 MONTREAL)  # fmt: skip
        db.session.commit()
    assert client.get("/cities/ca/nowhere").status_code == 404
    assert client.get("/cities/fr/montreal").status_code == 404
    assert client.get("/cities/zz/montreal").status_code == 404
    assert client.get("/cities/canada/montreal").status_code == 404
    moved = client.get("/cities/CA/montreal")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/cities/ca/montreal")


def test_a_withdrawn_endorsement_or_one_of_a_draft_declaration_is_not_listed(app, client):
    with app.app_context():
        factories.edition()
        berlin = helpers.berlin()
        mayor = delegate(berlin, "denis@example.org", MONTREAL)
        endorsement = helpers.endorsed(berlin, mayor, datetime(2017, 6, 27, tzinfo=UTC))
        endorsement.withdrawn_at = datetime(2017, 7, 1, tzinfo=UTC)
        quito = factories.edition(number=6, year=2020, city="Quito", is_current=False)
        draft = helpers.endorsed(quito, delegate(quito, "q@example.org", MONTREAL),
                                 datetime(2020, 1, 22, tzinfo=UTC))  # fmt: skip
        draft.declaration.opens_at = None  # a clone's draft: never put to the cities
        db.session.commit()
    html = client.get("/cities/ca/montreal").get_data(as_text=True)
    assert "This city has not endorsed a declaration of the forum." in html


def test_the_page_s_queries_do_not_grow_with_its_entries(app, client, count_queries):
    with app.app_context():
        ids = _montreal_in_two_editions()
    client.get("/cities/ca/montreal")
    count_queries.count = 0
    client.get("/cities/ca/montreal")
    few = count_queries.count
    with app.app_context():
        marrakech = helpers.edition_number(5)
        mayor = db.session.scalars(
            db.select(Registration).where(
                Registration.city_id == ids["city"], Registration.edition_id == marrakech.id,
                Registration.status == RegistrationStatus.APPROVED,
            )
        ).first()  # fmt: skip
        theme = helpers.theme(marrakech, "more", "More")
        for n in range(5):
            helpers.published(marrakech, mayor, theme, title=f"More {n}")
        db.session.commit()
    count_queries.count = 0
    client.get("/cities/ca/montreal")
    assert count_queries.count == few
