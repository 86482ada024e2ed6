"""An approved delegate cannot become another city's mayor by editing their own registration
(issue 8, item 6): who they represent changes only once an organiser accepts it."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.badges.services import issue_badge, qr_text
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.links import private_link_token
from forum.registration.models import Category, Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth, csrf_token
from tests.endorsements import helpers as endorsements
from tests.test_registration_public import VALID

IMPOSTOR = {"category": "mayor", "city": "Helsinki", "country": "FI", "position_title": "Mayor"}


@pytest.fixture
def delegates(app):
    """An approved civil-society delegate of Los Angeles, Helsinki's mayor, a desk token."""
    with app.app_context():
        edition = factories.edition()
        endorsements.declaration(edition)
        factories.organiser()
        delegate = factories.registration(
            edition, "la@example.org", S.APPROVED,
            category=Category.CIVIL_SOCIETY, city=("Los Angeles", "US"),
        )  # fmt: skip
        mayor = factories.registration(edition, "mayor@hel.fi", S.APPROVED, city=("Helsinki", "FI"))
        codes = {"delegate": qr_text(issue_badge(delegate, now=factories.NOW)),
                 "mayor": qr_text(issue_badge(mayor, now=factories.NOW))}  # fmt: skip
        token, _row = create_token("Desk", Role.STAFF)
        db.session.commit()
        return {"id": delegate.id, "link": f"/r/{private_link_token(delegate)}", "codes": codes,
                "token": token}  # fmt: skip


def _edit(client, link: str, **changes: str) -> int:
    page = client.get(f"{link}/edit").get_data(as_text=True)
    data = {**VALID, "given_name": "Test", "family_name": "la", "category": "civil_society",
            "position_title": "Mayor", "city": "Los Angeles", "country": "US",
            "csrf_token": csrf_token(page), **changes}  # fmt: skip
    data.pop("email")
    data.pop("consent")
    return client.post(f"{link}/edit", data=data).status_code


def _endorse(client, token: str, code: str) -> dict:
    body = {"code": code, "nonce": str(uuid.uuid4())}
    headers = {"Authorization": f"Bearer {token}"}
    return client.post("/api/v1/endorsements", json=body, headers=headers).get_json()


def test_an_approved_delegate_cannot_sign_for_another_city_by_editing(client, delegates, ctx):
    assert _edit(client, delegates["link"], **IMPOSTOR) == 302
    registration = db.session.get_one(Registration, delegates["id"])
    db.session.refresh(registration)
    assert registration.status is S.APPROVED
    assert (registration.category, registration.city.name) == (
        Category.CIVIL_SOCIETY,
        "Los Angeles",
    )
    assert registration.pending_changes == {
        "category": "mayor",
        "city_name": "Helsinki",
        "country_code": "FI",
    }
    assert (
        _endorse(client, delegates["token"], delegates["codes"]["delegate"])["status"]
        == "not_eligible"
    )
    assert _endorse(client, delegates["token"], delegates["codes"]["mayor"])["status"] == "ok"


def test_the_history_shows_old_and_new_values(client, delegates, ctx):
    _edit(client, delegates["link"], **IMPOSTOR)
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "registration.change_requested")
    ).one()
    assert event.details["changed"]["city_name"] == ["Los Angeles", "Helsinki"]
    assert event.details["changed"]["category"] == ["civil_society", "mayor"]


def test_other_details_apply_at_once(client, delegates, ctx):
    _edit(client, delegates["link"], dietary_needs="Vegetarian", **IMPOSTOR)
    registration = db.session.get_one(Registration, delegates["id"])
    db.session.refresh(registration)
    assert registration.dietary_needs == "Vegetarian"
    assert registration.city.name == "Los Angeles"


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_organiser_accepts_or_declines_and_the_delegate_hears(client, delegates, answer, ctx):
    _edit(client, delegates["link"], **IMPOSTOR)
    Auth(client).login(*factories.ORGANISER)
    url = f"/admin/registrations/{delegates['id']}"
    page = client.get(url).get_data(as_text=True)
    assert "Changes waiting for your review" in page and "Helsinki" in page
    data = {"csrf_token": csrf_token(page), "message": "We checked with Helsinki."}
    assert client.post(f"{url}/changes/{answer}", data=data).status_code == 302
    registration = db.session.get_one(Registration, delegates["id"])
    db.session.refresh(registration)
    expected = (
        ("Helsinki", Category.MAYOR)
        if answer == "accept"
        else ("Los Angeles", Category.CIVIL_SOCIETY)
    )
    assert (registration.city.name, registration.category) == expected
    assert registration.pending_changes is None
    mail = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert mail.template == {"accept": "changes_accepted", "decline": "changes_declined"}[answer]
    assert "Changes waiting for your review" not in client.get(url).get_data(as_text=True)


def test_before_approval_the_details_change_at_once(client, app, ctx):
    edition = factories.edition()
    pending = factories.registration(
        edition, "p@example.org", S.PENDING, city=("Los Angeles", "US")
    )
    db.session.commit()
    assert _edit(client, f"/r/{private_link_token(pending)}", **IMPOSTOR) == 302
    db.session.refresh(pending)
    assert (pending.city.name, pending.category, pending.pending_changes) == (
        "Helsinki",
        Category.MAYOR,
        None,
    )
