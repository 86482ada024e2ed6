"""Each input that once answered 500 (issue 8, item 16), and exports a spreadsheet would run
(item 18): now a clear refusal with a code or a field message, and nothing stored."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from forum.agenda.models import Session
from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.extensions import db
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers as agenda
from tests.agenda.test_admin import SESSION, post_form
from tests.conftest import Auth, count_rows, csrf_token
from tests.endorsements import helpers as endorsements


@pytest.fixture
def staff(app) -> dict[str, object]:
    with app.app_context():
        edition = factories.edition()
        agenda.theme(edition)
        declaration = endorsements.declaration(edition)
        token, _row = create_token("Gate", Role.STAFF)
        db.session.commit()
        return {"Authorization": f"Bearer {token}", "declaration": declaration.id}


def _bearer(staff: dict[str, object]) -> dict[str, str]:
    return {"Authorization": str(staff["Authorization"])}


def test_nul_in_the_login_e_mail_is_a_message_on_the_field(client, staff):
    page = client.get("/login").get_data(as_text=True)
    response = client.post(
        "/login", data={"csrf_token": csrf_token(page), "email": "a\x00@b.org", "password": "x"}
    )
    assert response.status_code == 200
    assert 'id="email-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url", ["/api/v1/delegates?q=ab%00cd", "/api/v1/sessions?theme=incl%00usion"]
)
def test_nul_in_a_query_is_a_json_error(client, staff, url):
    response = client.get(url, headers=_bearer(staff))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_characters"


def test_a_checkpoint_past_the_integer_range_is_refused(client, staff):
    body = {"code": "x", "nonce": str(uuid.uuid4()), "checkpoint": 2147483648}
    scan = client.post("/api/v1/checkins", json=body, headers=_bearer(staff))
    roster = client.get("/api/v1/roster?checkpoint=2147483648", headers=_bearer(staff))
    assert (scan.status_code, scan.get_json()["error"]["code"]) == (400, "invalid_checkpoint")
    assert (roster.status_code, roster.get_json()["error"]["code"]) == (
        400,
        "number_out_of_range",
    )


def test_an_id_past_the_integer_range_is_not_found(client, staff):
    response = client.get("/api/v1/declarations/2147483648/endorsements")
    assert (response.status_code, response.get_json()["error"]["code"]) == (404, "not_found")


def test_json_nested_a_hundred_thousand_levels_is_invalid_json(client, staff):
    deep = b"[" * 100_000 + b"]" * 100_000
    response = client.post(
        "/api/v1/checkins",
        data=deep,
        headers={**_bearer(staff), "Content-Type": "application/json"},
    )
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "invalid_json")


def test_a_desk_title_with_nul_is_refused(client, staff):
    body = {"code": "MAYORS5:x", "nonce": str(uuid.uuid4()), "title": "Mayor\x00"}
    response = client.post("/api/v1/endorsements", json=body, headers=_bearer(staff))
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, "invalid_title")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("capacity", "99999999999", "Number must be between 0 and 100000."),
        ("title", "Bad\x00title", "Please remove the invisible control characters."),
    ],
)
def test_the_csv_import_refuses_huge_numbers_and_nul(client, app, column, value, message, ctx):
    edition = factories.edition()
    factories.organiser()
    db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    row = {"title": "Fine", "date": "2018-12-08", "start": "09:00", "end": "10:00", column: value}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    response = post_form(client, "/admin/agenda/import", csv_text=out.getvalue(), confirm="y")
    assert response.status_code == 200
    assert f"“{column}”: {message}" in response.get_data(as_text=True)
    assert count_rows(Session) == 0
    assert edition.id  # the edition the import was for


def test_a_session_title_with_a_line_break_stays_out_of_the_calendar(client, app, ctx):
    factories.edition()
    factories.organiser()
    db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    response = post_form(client, "/admin/agenda/sessions/new", **{**SESSION, "title": "A\nB"})
    assert response.status_code == 200
    assert "Please keep this on one line." in response.get_data(as_text=True)
    assert count_rows(Session) == 0
    assert client.get("/agenda.ics").status_code == 200


@pytest.mark.parametrize(("method", "url"), [("DELETE", "/api/v1/checkins"), ("PUT", "/agenda")])
def test_a_405_says_which_methods_are_allowed(client, staff, method, url):
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] or "POST" in response.headers["Allow"]


def test_every_cell_of_the_registration_export_is_defused(client, app, ctx):
    edition = factories.edition()
    factories.organiser()
    factories.registration(edition, "=1+2@example.org", RegistrationStatus.APPROVED)
    db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    response = client.get("/admin/registrations/export.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, first = rows[0], rows[1]
    assert first[header.index("email")] == "'=1+2@example.org"
    assert first[header.index("family_name")] == "'=1+2"
