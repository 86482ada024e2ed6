"""The organisers' registration list: sorting by column (in SQL, whitelisted), pages with
their count, filters and search kept across pages and sorts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask

from forum.extensions import db
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth

# family name: (city, country, status, days after the first registration)
ROWS = {
    "baker": ("Zürich", "CH", S.APPROVED, 3),
    "adams": ("Montréal", "CA", S.PENDING, 1),
    "chen": ("Accra", "GH", S.WAITLISTED, 0),
    "diaz": ("Bogotá", "CO", S.REJECTED, 2),
}


@pytest.fixture
def listed(app: Flask, client) -> None:
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        first = datetime(2018, 10, 1, 9, 0, tzinfo=UTC)
        for family, (city, country, status, days) in ROWS.items():
            factories.registration(
                edition,
                f"{family}@example.org",
                status,
                city=(city, country),
                at=first + timedelta(days=days),
            )
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)


def order(client, query: str = "") -> list[str]:
    page = client.get(f"/admin/registrations/?{query}").get_data(as_text=True)
    return re.findall(r"(\w+)@example\.org", page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["baker", "diaz", "adams", "chen"]),  # newest first
        ("sort=name&dir=asc", ["adams", "baker", "chen", "diaz"]),
        ("sort=name&dir=desc", ["diaz", "chen", "baker", "adams"]),
        ("sort=city", ["chen", "diaz", "adams", "baker"]),
        ("sort=country&dir=asc", ["adams", "baker", "diaz", "chen"]),
        ("sort=status&dir=asc", ["adams", "baker", "chen", "diaz"]),  # pending first
        ("sort=registered&dir=asc", ["chen", "adams", "diaz", "baker"]),
        ("sort=password_hash&dir=asc", ["chen", "adams", "diaz", "baker"]),
        ("sort=name&dir=sideways", ["adams", "baker", "chen", "diaz"]),
    ],
)
def test_the_list_sorts_by_the_column_asked_for(client, listed, query, expected):
    assert order(client, query) == expected


def test_headers_link_to_their_sort_and_say_which_is_applied(client, listed):
    page = client.get("/admin/registrations/?sort=name&dir=asc&q=example").get_data(as_text=True)
    assert '<th scope="col" aria-sort="ascending"><a href="/admin/registrations/?' in page
    assert page.count("aria-sort=") == 1
    header = re.search(r'aria-sort="ascending"><a href="([^"]+)"', page)
    assert header is not None
    assert "dir=desc" in header.group(1) and "q=example" in header.group(1)


def test_pages_keep_the_search_and_the_sort(app, client, listed):
    app.config["ADMIN_PAGE_SIZE"] = 3
    try:
        first = client.get("/admin/registrations/?sort=name&dir=asc&q=example")
        text = first.get_data(as_text=True)
        assert "1–3 of 4 registrations" in text
        link = re.search(r'<a rel="next" href="([^"]+)"', text)
        assert link is not None
        second_url = link.group(1).replace("&amp;", "&")
        assert "sort=name" in second_url and "q=example" in second_url
        second = client.get(second_url).get_data(as_text=True)
        numbered = re.findall(r'href="[^"]*page=(\d)[^"]*"', text)
    finally:
        app.config["ADMIN_PAGE_SIZE"] = 50
    assert "4–4 of 4 registrations" in second
    assert re.findall(r"(\w+)@example\.org", second) == ["diaz"]
    assert "1" in numbered and "2" in numbered
    assert 'aria-current="page"' in text


def test_the_count_agrees_in_number_and_language(client, listed):
    one = client.get("/admin/registrations/?q=baker").get_data(as_text=True)
    assert "<caption>1 registration</caption>" in one
    client.get("/lang/fr")
    page = client.get("/admin/registrations/").get_data(as_text=True)
    assert "<caption>4 inscriptions</caption>" in page
