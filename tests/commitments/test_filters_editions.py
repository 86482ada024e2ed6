"""The public list's filters all together: edition (the current one unless asked), world
region (UN M49), theme, kind, support area, GCM objective, country, city, progress and
words; the same in GET /api/v1/commitments; an entry of a past edition still opens."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

from forum.commitments.access import Editor
from forum.extensions import db
from tests import factories
from tests.cities import helpers
from tests.commitments.helpers import delegate, progress


def _two_editions(app) -> dict[str, int]:
    """Four entries of 2018 in four cities of three regions; one of 2017."""
    with app.app_context():
        marrakech = factories.edition()
        berlin = helpers.berlin()
        services = helpers.theme(marrakech, "services", "Basic services")
        inclusion = helpers.theme(marrakech, "inclusion", "Inclusion")
        freetown = delegate(marrakech, "f@example.org", ("Freetown", "SL"))
        quito = delegate(marrakech, "q@example.org", ("Quito", "EC"))
        montreal = delegate(marrakech, "m@example.org", ("Montréal", "CA"))
        hamburg = delegate(marrakech, "h@example.org", ("Hamburg", "DE"))
        need = helpers.published(marrakech, freetown, services)
        helpers.published(marrakech, quito, inclusion, kind="doing", support_areas=[],
                          gcm_objectives=[7], title="Night shelter")  # fmt: skip
        clinic = helpers.published(
            marrakech, montreal, services, kind="commitment", support_areas=["resources"],
            gcm_objectives=[15], title="A clinic for newcomers", description="Open to all.",
        )  # fmt: skip
        helpers.published(marrakech, hamburg, services, support_areas=["partnerships"],
                          partnership_level="local", gcm_objectives=[16],
                          title="Language courses")  # fmt: skip
        progress(need, Editor(user=freetown.user, registration=freetown), date(2018, 12, 8),
                 "planning")  # fmt: skip
        progress(clinic, Editor(user=montreal.user, registration=montreal), date(2018, 12, 8))
        old = delegate(berlin, "old@example.org", ("Montréal", "CA"))
        cohesion = helpers.theme(berlin, "inclusion", "Cohesion")
        desks = helpers.published(berlin, old, cohesion, kind="doing", support_areas=[],
                                  title="Welcome desks")  # fmt: skip
        db.session.commit()
        return {"clinic": clinic.id, "desks": desks.id, "montreal": montreal.city_id}


def _titles(client, **args: object) -> set[str]:
    html = client.get("/commitments?" + urlencode(args)).get_data(as_text=True)
    return set(re.findall(r'<h2><a href="/commitments/\d+" lang="en">([^<]+)</a></h2>', html))


ALL_2018 = {"Data on newcomers", "Night shelter", "A clinic for newcomers", "Language courses"}


def test_the_list_shows_the_current_edition_unless_another_is_asked_for(app, client):
    _two_editions(app)
    assert _titles(client) == ALL_2018
    assert _titles(client, edition=5) == ALL_2018
    assert _titles(client, edition=4) == {"Welcome desks"}
    assert _titles(client, edition=4, theme="inclusion") == {"Welcome desks"}
    assert _titles(client, edition="not-a-number") == ALL_2018
    assert client.get("/commitments?edition=99").status_code == 404


def test_the_region_filter_keeps_the_cities_of_that_un_m49_region(app, client):
    _two_editions(app)
    assert _titles(client, region="019") == {"Night shelter", "A clinic for newcomers"}
    assert _titles(client, region="150") == {"Language courses"}
    assert _titles(client, region="002") == {"Data on newcomers"}
    assert _titles(client, region="142") == set()
    assert _titles(client, region="999") == ALL_2018  # a hand-edited address: no filter
    assert _titles(client, edition=4, region="019") == {"Welcome desks"}


def test_every_filter_narrows_together_with_all_the_others(app, client):
    ids = _two_editions(app)
    every = {
        "edition": 5, "theme": "services", "kind": "commitment", "area": "resources", "gcm": 15,
        "region": "019", "country": "CA", "city": ids["montreal"], "progress": "in_progress",
        "q": "clinic newcomers",
    }  # fmt: skip
    assert _titles(client, **every) == {"A clinic for newcomers"}
    # Each one filters: changed alone, it leaves nothing.
    wrong = {"edition": 4, "theme": "inclusion", "kind": "doing", "area": "tools", "gcm": 7,
             "region": "150", "country": "EC", "city": ids["montreal"] + 100,
             "progress": "fulfilled", "q": "shelter"}  # fmt: skip
    for key, value in wrong.items():
        assert _titles(client, **{**every, key: value}) == set(), key


def test_the_form_offers_editions_and_regions_and_pages_keep_them(app, client):
    _two_editions(app)
    html = client.get("/commitments?edition=4&region=019").get_data(as_text=True)
    assert '<option value="4" selected>Berlin 2017</option>' in html
    assert "This page shows edition 4, Berlin 2017." in html
    assert "This page shows edition" not in client.get("/commitments").get_data(as_text=True)
    assert '<option value="5">Marrakech 2018</option>' in html
    assert '<option value="019" selected>Americas</option>' in html
    assert '<label for="f-region">World region</label>' in html
    assert 'href="/cities/ca/montreal">Montréal</a>' in html
    with app.app_context():
        marrakech = helpers.edition_number(5)
        theme = helpers.theme(marrakech, "more", "More")
        mayor = delegate(marrakech, "more@example.org", ("Lima", "PE"))
        for n in range(21):
            helpers.published(marrakech, mayor, theme, title=f"Entry {n}")
        db.session.commit()
    page = client.get("/commitments?edition=5&region=019").get_data(as_text=True)
    assert 'href="/commitments?page=2&amp;region=019&amp;edition=5"' in page


def test_an_entry_of_a_past_edition_opens_with_a_way_back_to_its_list(app, client):
    ids = _two_editions(app)
    html = client.get(f"/commitments/{ids['desks']}").get_data(as_text=True)
    assert "Welcome desks" in html and 'href="/commitments?edition=4"' in html
    assert 'href="/cities/ca/montreal">Montréal</a>' in html
    assert client.get(f"/api/v1/commitments/{ids['desks']}").get_json()["edition"] == 4


def test_the_api_takes_edition_and_region_with_the_other_filters(app, client):
    ids = _two_editions(app)

    def total(query: str) -> int:
        return client.get(f"/api/v1/commitments?{query}").get_json()["total"]

    assert total("region=019") == 2 and total("region=150") == 1
    assert total("edition=4") == 1 and total("edition=4&region=150") == 0
    assert total(f"region=019&country=ca&city={ids['montreal']}&kind=commitment&gcm=15") == 1
    refused = client.get("/api/v1/commitments?region=123")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "invalid_region"
    spec = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"] for p in spec["paths"]["/api/v1/commitments"]["get"]["parameters"]}
    assert {"region", "edition", "theme", "kind", "area", "gcm", "country", "city"} <= parameters
