"""Organisers' registration pages: filters, counts, bulk decisions, detail, CSV."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.extensions import db
from forum.registration.models import Category, Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth, csrf_token


@pytest.fixture
def seeded(app: Flask, client) -> dict[str, int]:
    with app.app_context():
        edition = factories.edition(capacity=3)
        factories.organiser()
        rows = {
            "plante": factories.registration(
                edition, "plante@example.org", city=("Montréal", "CA")
            ),
            "colau": factories.registration(
                edition, "colau@example.org", S.APPROVED, city=("Barcelona", "ES")
            ),
            "khan": factories.registration(
                edition,
                "khan@example.org",
                S.WAITLISTED,
                category=Category.UN_AGENCY,
                city=("London", "GB"),
            ),
            "diop": factories.registration(
                edition, "diop@example.org", S.REJECTED, city=("Dakar", "SN")
            ),
        }
        db.session.commit()
        ids = {name: row.id for name, row in rows.items()}
    Auth(client).login(*factories.ORGANISER)
    return ids


def names_on(page: str) -> list[str]:
    return sorted(set(__import__("re").findall(r"(plante|colau|khan|diop)@example\.org", page)))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["colau", "diop", "khan", "plante"]),
        ("status=approved", ["colau"]),
        ("category=un_agency", ["khan"]),
        ("country=SN", ["diop"]),
        ("q=montreal", ["plante"]),
        ("q=COLAU", ["colau"]),
        ("q=%25", []),
        ("status=bogus", ["colau", "diop", "khan", "plante"]),
    ],
)
def test_filters(client, seeded, query, expected):
    response = client.get(f"/admin/registrations/?{query}")
    assert response.status_code == 200
    assert names_on(response.get_data(as_text=True)) == expected


def test_counts_per_status(client, seeded):
    page = client.get("/admin/registrations/").get_data(as_text=True)
    for label, number in [
        ("Pending", 1),
        ("Approved", 1),
        ("Wait-listed", 1),
        ("Rejected", 1),
        ("Withdrawn", 0),
    ]:
        assert f"{label} <strong>{number}</strong>" in page


def test_pagination(app, client, seeded):
    app.config["ADMIN_PAGE_SIZE"] = 3
    try:
        first = client.get("/admin/registrations/").get_data(as_text=True)
        second = client.get("/admin/registrations/?page=2").get_data(as_text=True)
    finally:
        app.config["ADMIN_PAGE_SIZE"] = 50
    assert "1–3 of 4 registrations" in first
    assert "4–4 of 4 registrations" in second
    assert len(names_on(first)) == 3
    assert len(names_on(second)) == 1
    assert set(names_on(first)).isdisjoint(names_on(second))


def test_bulk_approve_respects_capacity_and_reports_refusals(app, client, seeded, ctx):
    token = csrf_token(client.get("/admin/registrations/").get_data(as_text=True))
    ids = [seeded["plante"], seeded["khan"], seeded["diop"], seeded["colau"]]
    response = client.post(
        "/admin/registrations/bulk",
        data={
            "csrf_token": token,
            "ids": ids,
            "decision": "approved",
            "message": "See you in Marrakech",
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    statuses = dict(db.session.execute(sa.select(Registration.id, Registration.status)).all())
    # capacity 3: colau already approved, two more fit, the already-approved one is refused
    assert statuses[seeded["colau"]] is S.APPROVED
    assert sorted(s.value for s in statuses.values()) == [
        "approved",
        "approved",
        "approved",
        "waitlisted",
    ]
    assert "cannot be moved there" in page


def test_bulk_without_selection_says_so(client, seeded):
    token = csrf_token(client.get("/admin/registrations/").get_data(as_text=True))
    page = client.post(
        "/admin/registrations/bulk",
        data={"csrf_token": token, "decision": "approved"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Tick at least one registration" in page


def test_detail_shows_the_audit_trail_after_a_decision(client, seeded):
    url = f"/admin/registrations/{seeded['plante']}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    client.post(
        f"{url}/decide",
        data={"csrf_token": token, "decision": "waitlisted", "message": "Full for now"},
    )
    page = client.get(url).get_data(as_text=True)
    assert "registration.waitlisted" not in page  # the action in words, not its key
    assert "<del>Pending</del>" in page and "<ins>Wait-listed</ins>" in page
    assert "Full for now" in page
    assert "org" in page  # the organiser's name


def test_bad_decision_value_is_a_form_error(client, seeded):
    url = f"/admin/registrations/{seeded['plante']}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    response = client.post(f"{url}/decide", data={"csrf_token": token, "decision": "withdrawn"})
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_registration_of_another_edition_is_a_404(app, client, seeded):
    assert client.get("/admin/registrations/999999").status_code == 404


def test_csv_export_opens_in_excel_with_accents(client, seeded):
    response = client.get("/admin/registrations/export.csv")
    assert response.mimetype == "text/csv"
    raw = response.data
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert sorted(r["city"] for r in rows) == ["Barcelona", "Dakar", "London", "Montréal"]
    assert {r["email"] for r in rows if r["status"] == "approved"} == {"colau@example.org"}


def test_csv_defuses_formulas(app, client, seeded):
    with app.app_context():
        row = db.session.get(Registration, seeded["plante"])
        row.organisation = '=HYPERLINK("http://evil")'
        db.session.commit()
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/admin/registrations/export.csv?q=plante").data.decode("utf-8-sig")
            )
        )
    )
    assert rows[0]["organisation"].startswith("'=")


def test_search_finds_names_without_their_accents(app, client, seeded):
    with app.app_context():
        row = db.session.get(Registration, seeded["plante"])
        row.given_name, row.family_name = "Valérie", "Plante"
        db.session.commit()
    assert names_on(client.get("/admin/registrations/?q=valerie").get_data(as_text=True)) == [
        "plante"
    ]
