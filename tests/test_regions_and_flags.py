"""World regions (UN M49) and SVG flags of countries, on the wall, the list and the desk."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pycountry
import pytest

from forum.cities.flags import flag_file
from forum.cities.regions import region_code, region_name, subregion_code
from forum.endorsements.models import Endorsement, EndorsementMethod
from forum.extensions import db
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth
from tests.endorsements import helpers
from tests.pdf_reading import pdf_lines

STATIC = Path(__file__).resolve().parents[1] / "static"
FIVE_REGIONS = {"002", "019", "142", "150", "009"}
REGIONAL_INDICATOR = re.compile("[\U0001f1e6-\U0001f1ff]")
FLAG_SRC = re.compile(r'<img class="flag" src="/static/([^"]+)"')


def test_every_iso_country_has_one_of_the_five_m49_regions():
    regions = {country.alpha_2: region_code(country.alpha_2) for country in pycountry.countries}
    assert set(regions.values()) == FIVE_REGIONS, {c: r for c, r in regions.items() if not r}
    expected = {"ES": "150", "EC": "019", "MA": "002", "PH": "142", "DE": "150", "AU": "009"}
    assert {code: regions[code] for code in expected} == expected
    assert subregion_code("EC") == "419"  # Latin America and the Caribbean
    assert subregion_code("US") == "021"  # Northern America
    assert region_code("es") == "150"
    assert region_code("ZZ") is None


def test_region_names_come_translated():
    assert [region_name(code) for code in ("150", "019")] == ["Europe", "Americas"]
    assert [region_name(code, "fr") for code in ("002", "019", "009")] == [
        "Afrique",
        "Amériques",
        "Océanie",
    ]
    assert [region_name(code, "es") for code in ("142", "019")] == ["Asia", "América"]


def test_every_iso_country_has_a_vendored_svg_flag():
    for country in pycountry.countries:
        path = flag_file(country.alpha_2)
        assert path == f"vendor/flag-icons/flags/4x3/{country.alpha_2.lower()}.svg"
        assert (STATIC / path).read_text(encoding="utf-8").lstrip().startswith("<svg")
    assert flag_file("ZZ").endswith("/xx.svg")  # a blank flag, never a broken image
    vendored = STATIC / "vendor" / "flag-icons"
    assert "MIT License" in (vendored / "LICENSE").read_text(encoding="utf-8")
    assert "flag-icons 7.5.0" in (vendored / "README.md").read_text(encoding="utf-8")


@pytest.fixture
def signed_cities(app):
    """Barcelona, Quito and Rabat endorsed, Rabat last."""
    with app.app_context():
        edition = factories.edition()
        declaration = helpers.declaration(edition)
        start = datetime.now(UTC) - timedelta(hours=1)
        cities = [("Barcelona", "ES"), ("Quito", "EC"), ("Rabat", "MA")]
        for minutes, city in enumerate(cities):
            mayor = factories.registration(
                edition, f"{city[0].lower()}@example.org", S.APPROVED, city=city
            )
            db.session.add(
                Endorsement(
                    declaration=declaration,
                    city_id=mayor.city_id,
                    registration=mayor,
                    signatory_name=mayor.full_name,
                    signatory_title="Mayor",
                    method=EndorsementMethod.ONLINE,
                    endorsed_at=start + timedelta(minutes=minutes),
                )
            )
        factories.staff()
        db.session.commit()


def assert_svg_flags_only(page: str, countries: set[str]) -> None:
    assert not REGIONAL_INDICATOR.search(page), "an emoji flag is left"
    sources = FLAG_SRC.findall(page)
    assert {Path(src).stem for src in sources} >= {code.lower() for code in countries}
    for src in sources:
        assert (STATIC / src).is_file(), src


def test_the_wall_shows_svg_flags_and_country_names(client, signed_cities):
    page = client.get("/declaration/wall").get_data(as_text=True)
    assert_svg_flags_only(page, {"ES", "EC", "MA"})
    assert "Spain" in page and "Ecuador" in page
    static = client.get("/static/vendor/flag-icons/flags/4x3/es.svg")
    assert (static.status_code, static.mimetype) == (200, "image/svg+xml")


def test_the_wall_groups_by_m49_region_when_asked(client, signed_cities):
    plain = client.get("/declaration/wall").get_data(as_text=True)
    assert "data-groups hidden" in plain
    page = client.get("/declaration/wall?group=region").get_data(as_text=True)
    assert "data-list hidden" in page
    groups = re.findall(
        r'<section class="wall-group">\s*<h2>([^<]+?) <span[^>]*>\d+</span></h2>(.*?)</section>',
        page,
        re.S,
    )
    cities = {name: re.findall(r'class="wall-city">([^<]+)<', body) for name, body in groups}
    assert cities == {"Africa": ["Rabat"], "Americas": ["Quito"], "Europe": ["Barcelona"]}
    client.get("/lang/fr")
    french = client.get("/declaration/wall?group=region").get_data(as_text=True)
    assert "Amériques" in french and "Espagne" in french and "Dernier signataire" in french


def test_the_wall_json_gives_a_flag_url_and_the_m49_region(client, signed_cities):
    declaration = client.get("/declaration/wall").get_data(as_text=True)
    source = re.search(r'data-source="([^"]+)"', declaration)
    assert source is not None
    entries = client.get(source.group(1)).get_json()["endorsements"]
    assert [(e["city"], e["region_name"], e["flag"]) for e in entries] == [
        ("Rabat", "Africa", "/static/vendor/flag-icons/flags/4x3/ma.svg"),
        ("Quito", "Americas", "/static/vendor/flag-icons/flags/4x3/ec.svg"),
        ("Barcelona", "Europe", "/static/vendor/flag-icons/flags/4x3/es.svg"),
    ]


def test_the_signatory_list_shows_svg_flags(client, signed_cities):
    page = client.get("/declaration/").get_data(as_text=True)
    assert_svg_flags_only(page, {"ES", "EC", "MA"})
    assert '<a href="/cities/es/barcelona">Barcelona</a> <small>(Spain)</small>' in page
    assert 'href="/declaration/wall?group=region"' in page


def test_the_desk_has_no_emoji_flag(client, signed_cities):
    Auth(client).login(*factories.STAFF)
    response = client.get("/endorse-desk")
    assert response.status_code == 200
    assert not REGIONAL_INDICATOR.search(response.get_data(as_text=True))


def test_the_signatories_pdf_names_countries_without_emoji_flags(client, signed_cities):
    with client.application.app_context():
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    response = client.get("/admin/declaration/signatories.pdf")
    assert response.status_code == 200
    text = "\n".join(pdf_lines(response.data))
    assert not REGIONAL_INDICATOR.search(text)
    for city, country in [("Barcelona", "Spain"), ("Quito", "Ecuador"), ("Rabat", "Morocco")]:
        assert re.search(rf"{city}\s+{country}", text), text
