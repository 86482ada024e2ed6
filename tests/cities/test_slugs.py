"""A city's slug: its name in ASCII (anyascii), unique in its country, made once and kept;
the migration gives the cities already stored theirs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from forum import create_app
from forum.cities.services import find_or_create_city
from forum.cities.slugs import city_by_slug, slug_of
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import delegate
from tests.test_migrations import empty_database_url

__all__ = ["empty_database_url"]  # the fixture, for the migration test


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Montréal", "montreal"), ("São Paulo", "sao-paulo"), ("Кыїв", "kyiv"),
        ("東京", "dongjing"), ("Łódź", "lodz"), ("Saint-Denis (Réunion)", "saint-denis-reunion"),
        ("  Quezon   City ", "quezon-city"), ("!!!", "city"), ("a" * 150, "a" * 100),
    ],
)  # fmt: skip
def test_a_slug_is_the_name_in_ascii_lower_case_with_hyphens(name, slug):
    assert slug_of(name) == slug


def test_two_cities_of_one_country_that_write_alike_get_two_slugs(ctx):
    first = find_or_create_city("São Paulo", "BR")
    second = find_or_create_city("Sao-Paulo", "BR")
    third = find_or_create_city("SAO PAULO!", "BR")
    elsewhere = find_or_create_city("São Paulo", "PT")
    assert len({first.id, second.id, third.id}) == 3
    assert (first.slug, second.slug, third.slug) == ("sao-paulo", "sao-paulo-2", "sao-paulo-3")
    assert elsewhere.slug == "sao-paulo"
    assert find_or_create_city("SÃO PAULO", "br").id == first.id  # the same city, found
    assert city_by_slug("br", "sao-paulo-2") == second
    assert city_by_slug("pt", "sao-paulo-2") is None


def test_the_slug_is_kept_when_the_name_is_tidied(app, client):
    with app.app_context():
        factories.edition()
        mayor = delegate(factories.edition(number=4, year=2017, is_current=False),
                         "m@example.org", ("Montreal", "CA"))  # fmt: skip
        mayor.city.name = "Montréal (Québec)"
        db.session.commit()
    html = client.get("/cities/ca/montreal").get_data(as_text=True)
    assert "Montréal (Québec)</h1>" in html


def test_the_migration_gives_stored_cities_their_slugs(empty_database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="ce6d90d0d7d5")
        with db.engine.begin() as connection:
            for name, country, key in [
                ("Rabat", "MA", "rabat"),
                ("São Paulo", "BR", "sao paulo"),
                ("Sao-Paulo", "BR", "sao-paulo"),
                ("Fès", "MA", "fes"),
            ]:
                connection.execute(
                    sa.text("INSERT INTO cities (name, country_code, match_key)"
                            " VALUES (:name, :country, :key)"),
                    {"name": name, "country": country, "key": key},
                )  # fmt: skip
        upgrade()
        with db.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT name, slug FROM cities ORDER BY id")).all()
        db.engine.dispose()
    assert [tuple(row) for row in stored] == [
        ("Rabat", "rabat"), ("São Paulo", "sao-paulo"), ("Sao-Paulo", "sao-paulo-2"),
        ("Fès", "fes"),
    ]  # fmt: skip
