"""The mayor's confirmation of a city's entry (the declaration's rule of who signs for a city),
and the desk's "record a commitment" step after a city endorses."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.badges.services import issue_badge, qr_text
from forum.commitments.access import Editor, NotYours
from forum.commitments.confirmation import confirm, may_confirm
from forum.commitments.models import Commitment, Status
from forum.commitments.services import submit
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import Category
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import NOW, delegate, entry, entry_input, organiser_user
from tests.conftest import Auth, csrf_token
from tests.endorsements import helpers as endorsement_helpers


def _submitted(edition, registration):
    row = entry(edition, registration)
    submit(row.id, editor=Editor(user=registration.user, registration=registration), now=NOW)
    return row


def test_the_mayor_confirms_others_need_the_organisers_authorisation(ctx):
    from forum.endorsements.services import authorise

    edition = factories.edition()
    declaration = endorsement_helpers.declaration(edition)
    mayor = delegate(edition)
    official = factories.registration(
        edition, "official@example.org", S.APPROVED, category=Category.CITY_OFFICIAL
    )
    elsewhere = delegate(edition, "sindaco@example.org", city=("Milan", "IT"))
    draft = entry(edition, mayor)
    row = _submitted(edition, mayor)
    assert not may_confirm(mayor, draft) and may_confirm(mayor, row)
    with pytest.raises(NotAllowed):
        confirm(draft.id, mayor, now=NOW)  # a draft is not confirmed yet
    with pytest.raises(NotYours):
        confirm(row.id, elsewhere, now=NOW)
    with pytest.raises(NotAllowed):
        confirm(row.id, official, now=NOW)
    authorise(declaration, official, actor=organiser_user(), now=NOW)
    assert may_confirm(official, row)
    made = confirm(row.id, official, now=NOW)
    assert (made.registration_id, made.confirmed_at, made.version) == (official.id, NOW, 2)
    assert confirm(row.id, mayor, now=NOW) is made  # a repeat changes nothing
    assert row.confirmation is made and not may_confirm(mayor, row)
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.target_id == row.id)
    ).all()
    assert actions.count("commitment.confirmed") == 1


def test_a_change_by_the_city_drops_the_confirmation_an_organiser_correction_keeps_it(ctx):
    from forum.commitments.services import edit, return_to_city

    edition = factories.edition()
    mayor = delegate(edition)
    row = _submitted(edition, mayor)
    confirm(row.id, mayor, now=NOW)
    organiser = Editor(user=organiser_user())
    theme = row.theme_id
    edit(
        row.id,
        entry_input(theme, title="Corrected"),
        editor=organiser,
        seen_version=row.version,
        now=NOW,
    )
    assert row.confirmation is not None
    return_to_city(row.id, editor=organiser, comment="Add a date.", now=NOW)
    city = Editor(user=mayor.user, registration=mayor)
    edit(
        row.id, entry_input(theme, title="Changed"), editor=city, seen_version=row.version, now=NOW
    )
    assert row.confirmation is None
    submit(row.id, editor=city, now=NOW)
    assert may_confirm(mayor, row)


def test_confirming_on_the_entry_page_shows_in_the_list_and_on_the_public_page(app, client):
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        row = _submitted(edition, mayor)
        organiser_user()
        token, row_id = private_link_token(mayor), row.id
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    assert "Not confirmed" in client.get("/admin/commitments/").get_data(as_text=True)
    before = client.get(f"/admin/commitments/{row_id}").get_data(as_text=True)
    assert "has not confirmed this entry" in before
    page = client.get(f"/r/{token}/commitments/{row_id}").get_data(as_text=True)
    assert "Confirm for the city" in page
    client.post(f"/r/{token}/commitments/{row_id}/confirm", data={"csrf_token": csrf_token(page)})
    page = client.get(f"/r/{token}/commitments/{row_id}").get_data(as_text=True)
    assert "Confirmed by the mayor" in page and "Confirm for the city" not in page
    listing = client.get("/admin/commitments/").get_data(as_text=True)
    assert "Confirmed by the mayor" in listing and "Not confirmed" not in listing
    detail = client.get(f"/admin/commitments/{row_id}").get_data(as_text=True)
    assert "by Test mayor on" in detail and "Confirmed by the mayor" in detail
    client.post(f"/admin/commitments/{row_id}/publish", data={"csrf_token": csrf_token(detail)})
    public = client.get(f"/commitments/{row_id}").get_data(as_text=True)
    assert "Confirmed by the mayor" in public


@pytest.fixture
def endorsed(app):
    """A city that has just endorsed at the desk, and a desk staff member."""
    with app.app_context():
        edition = factories.edition()
        endorsement_helpers.declaration(edition)
        theme = agenda.theme(edition)
        mayor = factories.registration(
            edition, "plante@example.org", S.APPROVED, city=("Montréal", "CA")
        )
        code = qr_text(issue_badge(mayor, now=datetime.now(UTC)))
        token, _row = create_token("Desk", Role.STAFF)
        factories.staff()
        db.session.commit()
        return {
            "code": code,
            "token": token,
            "city": mayor.city_id,
            "theme": theme.id,
            "mayor": mayor.id,
        }


def test_after_endorsing_the_desk_records_a_submitted_commitment(app, client, endorsed):
    answer = client.post(
        "/api/v1/endorsements",
        json={"code": endorsed["code"], "nonce": str(uuid.uuid4())},
        headers={"Authorization": f"Bearer {endorsed['token']}"},
    ).get_json()
    assert answer["status"] == "ok"
    url = answer["commitment_url"]
    assert url == f"/admin/commitments/desk/{endorsed['city']}"
    again = client.post(
        "/api/v1/endorsements/preview",
        json={"code": endorsed["code"]},
        headers={"Authorization": f"Bearer {endorsed['token']}"},
    ).get_json()
    assert (again["status"], again["commitment_url"]) == ("already_endorsed", url)
    Auth(client).login(*factories.STAFF)
    page = client.get(url).get_data(as_text=True)
    assert "Record a commitment for Montréal" in page
    form = {
        "csrf_token": csrf_token(page),
        "kind": "commitment",
        "theme_id": str(endorsed["theme"]),
        "title": "",
        "description": "Two more language classes.",
        "language": "fr",
        "contact_id": str(endorsed["mayor"]),
    }
    refused = client.post(url, data=form)
    assert refused.status_code == 200 and "This field is required" in refused.get_data(as_text=True)
    form["title"] = "Cours de langue pour les nouveaux arrivants"
    saved = client.post(url, data=form)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("/endorse-desk")
    with app.app_context():
        row = db.session.scalars(sa.select(Commitment)).one()
        assert (row.status, row.city_id, row.language, row.contact_id) == (
            Status.SUBMITTED, endorsed["city"], "fr", endorsed["mayor"],
        )  # fmt: skip
    # A delegate (no staff role) cannot reach the desk's form.
    client.get("/logout")
    with app.app_context():
        factories.user("someone@example.org", Role.DELEGATE, "a-long-password-1")
        db.session.commit()
    Auth(client).login("someone@example.org", "a-long-password-1")
    assert client.get(url).status_code == 403
