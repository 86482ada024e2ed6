"""The public registration form and the private link, through HTTP."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.links import private_link_token, registration_from_token
from forum.registration.models import Registration, RegistrationStatus
from tests import factories
from tests.conftest import count_rows, csrf_token

VALID = {
    "given_name": "Yvonne",
    "family_name": "Aki-Sawyerr",
    "category": "mayor",
    "position_title": "Mayor",
    "city": "Freetown",
    "country": "SL",
    "email": "yvonne@freetown.example.org",
    "consent": "y",
    "languages": ["en", "fr"],
}


@pytest.fixture
def edition(app: Flask) -> int:
    with app.app_context():
        row = factories.edition(capacity=50)
        db.session.commit()
        return row.id


def submit(client: FlaskClient, **changes: object) -> tuple[int, str]:
    data = {**VALID, **changes}
    data = {key: value for key, value in data.items() if value is not None}
    token = csrf_token(client.get("/register").get_data(as_text=True))
    response = client.post("/register", data={"csrf_token": token, **data}, follow_redirects=True)
    return response.status_code, response.get_data(as_text=True)


def only_registration() -> Registration:
    return db.session.scalars(sa.select(Registration)).one()


def test_a_registration_redirects_so_a_reload_neither_registers_nor_e_mails_again(
    client, edition, ctx
):
    from forum.mail.models import OutboxEmail

    token = csrf_token(client.get("/register").get_data(as_text=True))
    posted = client.post("/register", data={"csrf_token": token, **VALID})
    assert (posted.status_code, posted.headers["Location"]) == (302, "/register/sent")
    for _reload in range(2):
        page = client.get("/register/sent").get_data(as_text=True)
        assert "Check your e-mail" in page and VALID["email"] in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 1
    # Another browser, without this one's session, is sent to the form.
    other = client.application.test_client()
    assert other.get("/register/sent").headers["Location"] == "/register"


def test_register_stores_everything_and_queues_the_private_link(client, edition, ctx):
    status, page = submit(client, needs_visa_letter="y", dietary_needs="Halal")
    assert status == 200
    assert "Check your e-mail" in page
    registration = only_registration()
    assert (registration.given_name, registration.family_name) == ("Yvonne", "Aki-Sawyerr")
    assert registration.user.email == "yvonne@freetown.example.org"
    assert (registration.city.name, registration.city.country_code) == ("Freetown", "SL")
    assert registration.languages == ["en", "fr"]
    assert registration.needs_visa_letter is True
    assert registration.dietary_needs == "Halal"
    assert registration.status is RegistrationStatus.PENDING
    assert registration.email_confirmed_at is None
    email = db.session.scalars(sa.select(OutboxEmail)).one()
    assert email.recipient == "yvonne@freetown.example.org"
    assert email.template == "received"
    # The link is signed with the time it was made: the one in the e-mail opens the registration.
    [token] = re.findall(r"http://localhost/r/(\S+)", email.body_text)
    assert registration_from_token(token) == registration


def test_same_email_twice_creates_nothing_and_resends_the_link(client, edition, ctx):
    submit(client)
    status, _page = submit(client, email="  YVONNE@freetown.example.org ", given_name="Other")
    assert status == 200
    assert count_rows(Registration) == 1
    assert only_registration().given_name == "Yvonne"
    templates = db.session.scalars(sa.select(OutboxEmail.template).order_by(OutboxEmail.id)).all()
    assert templates == ["received", "link_resent"]


@pytest.mark.parametrize(
    ("opens", "closes", "expected"),
    [
        (timedelta(days=3), None, "Registration opens on"),
        (None, timedelta(days=-1), "Registration closed on"),
    ],
)
def test_outside_the_window_the_form_says_when(client, app, opens, closes, expected, ctx):
    now = datetime.now(UTC)
    factories.edition(
        registration_opens_at=now + opens if opens else None,
        registration_closes_at=now + closes if closes else None,
    )
    db.session.commit()
    page = client.get("/register").get_data(as_text=True)
    assert expected in page
    assert 'name="given_name"' not in page
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/register", data={**VALID, "csrf_token": token})
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)
    assert count_rows(Registration) == 0


REQUIRED = [
    "given_name",
    "family_name",
    "category",
    "position_title",
    "city",
    "country",
    "email",
    "consent",
]


@pytest.mark.parametrize("missing", REQUIRED)
def test_each_required_field_missing_gets_its_own_message(client, edition, missing, ctx):
    status, page = submit(client, **{missing: None})
    assert status == 200
    assert f'id="{missing}-error"' in page
    assert page.count('class="error"') == 1
    assert count_rows(Registration) == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("given_name", "x" * 101, "cannot be longer than 100"),
        ("position_title", "x" * 201, "cannot be longer than 200"),
        ("email", "not-an-address", "valid e-mail"),
        ("country", "XX", "Not a valid choice"),
        ("category", "emperor", "Not a valid choice"),
        ("given_name", "Ann\x00e", "control characters"),
        ("city", "Free\ntown", "one line"),
        ("dietary_needs", "y" * 10_000, "cannot be longer than 2000"),
    ],
)
def test_bad_values_get_a_clear_message(client, edition, name, value, message, ctx):
    status, page = submit(client, **{name: value})
    assert status == 200
    assert f'id="{name}-error"' in page
    assert message in page
    assert count_rows(Registration) == 0


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE registrations;--",
        "محمد الإدريسي",
        "Nguyễn 🌍 Thị",
        '"><img src=x onerror=alert(1)>',
    ],
)
def test_hostile_names_are_stored_faithfully_and_shown_escaped(client, edition, name, ctx):
    status, _page = submit(client, given_name=name, email="hostile@example.org")
    assert status == 200
    registration = only_registration()
    assert registration.given_name == name
    page = client.get(f"/r/{private_link_token(registration)}").get_data(as_text=True)
    assert str(escape(name)) in page
    if "<" in name:
        assert name not in page


def test_ten_kilobyte_values_never_break_the_form(client, edition, ctx):
    huge = "é" * 10_240
    status, page = submit(
        client,
        **dict.fromkeys(
            ("given_name", "family_name", "city", "organisation", "accessibility_needs"), huge
        ),
    )
    assert status == 200
    assert page.count('class="error"') == 5
    assert count_rows(Registration) == 0


def register_one(client: FlaskClient) -> Registration:
    submit(client)
    return only_registration()


def test_private_link_shows_status_and_confirms_the_email(client, edition, ctx):
    registration = register_one(client)
    link = f"/r/{private_link_token(registration)}"
    page = client.get(link).get_data(as_text=True)
    assert "Confirm your e-mail<" in page and "Pending review" not in page
    assert "Confirm my e-mail address" in page
    response = client.post(f"{link}/confirm", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 302
    db.session.expire_all()
    assert only_registration().email_confirmed_at is not None
    confirmed = client.get(link).get_data(as_text=True)
    assert "Confirm my e-mail address" not in confirmed and "Pending review" in confirmed


def test_a_forged_private_link_is_a_404(client, edition, ctx):
    registration = register_one(client)
    token = private_link_token(registration)
    assert client.get(f"/r/{token[:-2]}xx").status_code == 404
    assert client.get("/r/1").status_code == 404


def test_delegate_edits_details_until_the_deadline(client, app, edition, ctx):
    registration = register_one(client)
    link = f"/r/{private_link_token(registration)}"
    page = client.get(f"{link}/edit").get_data(as_text=True)
    assert 'value="Aki-Sawyerr"' in page
    data = {
        **VALID,
        "csrf_token": csrf_token(page),
        "city": "FREETOWN ",
        "position_title": "Mayor of Freetown",
    }
    data.pop("email")
    data.pop("consent")
    assert client.post(f"{link}/edit", data=data).status_code == 302
    db.session.expire_all()
    registration = only_registration()
    assert registration.position_title == "Mayor of Freetown"
    assert registration.city.name == "Freetown"  # same city, whatever the case

    registration.edition.edit_deadline = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    client.post(f"{link}/edit", data={**data, "position_title": "Changed late"})
    db.session.expire_all()
    assert only_registration().position_title == "Mayor of Freetown"
    assert "Change my details" not in client.get(link).get_data(as_text=True)


def test_delegate_withdraws_only_after_ticking_the_box(client, edition, ctx):
    registration = register_one(client)
    link = f"/r/{private_link_token(registration)}"
    token = csrf_token(client.get(link).get_data(as_text=True))
    client.post(f"{link}/withdraw", data={"csrf_token": token})
    db.session.expire_all()
    assert only_registration().status is RegistrationStatus.PENDING
    client.post(f"{link}/withdraw", data={"csrf_token": token, "confirm": "y"})
    db.session.expire_all()
    assert only_registration().status is RegistrationStatus.WITHDRAWN
    assert "Withdraw my registration" not in client.get(link).get_data(as_text=True)
