"""Offers of support: organisers record, edit (version-checked), publish and withdraw them."""

from __future__ import annotations

import pytest

from forum.commitments.access import Editor, NotYours
from forum.commitments.models import OfferStatus, PartnershipLevel
from forum.commitments.offers import (
    OfferInput,
    create_offer,
    edit_offer,
    move_offer,
    published_offers,
)
from forum.commitments.services import StaleVersion
from forum.errors import InvalidInput, NotAllowed
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import NOW, delegate, organiser_user


def _offer(theme_id: int | None = None, **values: object) -> OfferInput:
    fields: dict[str, object] = {
        "offerer_kind": "un_agency",
        "offerer_name": "A UN agency",
        "theme_id": theme_id,
        "title": "Data tools for city migration profiles",
        "support_areas": ["tools", "partnerships"],
        "partnership_level": "global",
        "gcm_objectives": [1],
        "contact_email": "data@agency.example.org",
    }
    fields.update(values)
    return OfferInput(**fields)  # type: ignore[arg-type]


def test_an_organiser_records_edits_and_publishes_an_offer(ctx):
    edition = factories.edition()
    theme = agenda.theme(edition)
    organiser = Editor(user=organiser_user())
    offer = create_offer(edition, _offer(theme.id), editor=organiser, now=NOW)
    assert (offer.status, offer.partnership_level) == (OfferStatus.DRAFT, PartnershipLevel.GLOBAL)
    assert published_offers(edition.id) == []
    edit_offer(offer.id, _offer(theme.id, title="Data tools"), editor=organiser, seen_version=1,
               now=NOW)  # fmt: skip
    with pytest.raises(StaleVersion):
        edit_offer(offer.id, _offer(theme.id), editor=organiser, seen_version=1, now=NOW)
    move_offer(offer.id, OfferStatus.PUBLISHED, editor=organiser, now=NOW)
    move_offer(offer.id, OfferStatus.PUBLISHED, editor=organiser, now=NOW)
    assert (offer.version, offer.title) == (3, "Data tools")
    assert published_offers(edition.id) == [offer]
    move_offer(offer.id, OfferStatus.WITHDRAWN, editor=organiser, now=NOW)
    with pytest.raises(NotAllowed):
        move_offer(offer.id, OfferStatus.PUBLISHED, editor=organiser, now=NOW)


def test_offers_are_organisers_work_and_say_what_is_offered(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    with pytest.raises(NotYours):
        create_offer(edition, _offer(), editor=Editor(mayor.user, mayor), now=NOW)
    bad = _offer(offerer_kind="bank", offerer_name="", support_areas=[], partnership_level=None,
                 contact_email="not an address", gcm_objectives=[0])  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        create_offer(edition, bad, editor=Editor(user=organiser_user()), now=NOW)
    assert set(refused.value.problems) == {
        "offerer_kind", "offerer_name", "support_areas", "contact_email", "gcm_objectives",
    }  # fmt: skip


def test_the_organisers_pages_record_and_publish_an_offer(app, client):
    from forum.commitments.models import Offer
    from forum.extensions import db
    from tests.conftest import Auth, csrf_token

    with app.app_context():
        factories.edition()
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/admin/commitments/offers/new").get_data(as_text=True)
    made = client.post("/admin/commitments/offers/new", data={
        "csrf_token": csrf_token(page), "offerer_kind": "foundation", "offerer_name": "Fund",
        "theme_id": "", "title": "Seed grants", "description": "", "language": "en",
        "support_areas": ["resources"], "partnership_level": "", "gcm_objectives": ["19"],
        "contact_name": "", "contact_email": "grants@foundation.example.org",
    })  # fmt: skip
    assert made.status_code == 302
    listing = client.get("/admin/commitments/offers").get_data(as_text=True)
    assert "Seed grants" in listing and "Foundation" in listing
    with app.app_context():
        offer_id = db.session.query(Offer).one().id
    client.post(f"/admin/commitments/offers/{offer_id}/published",
                data={"csrf_token": csrf_token(listing)})  # fmt: skip
    with app.app_context():
        assert db.session.get(Offer, offer_id).status is OfferStatus.PUBLISHED


def test_the_public_sees_published_offers_only(app, client):
    from forum.extensions import db
    from tests.commitments.helpers import offer

    with app.app_context():
        edition = factories.edition()
        offer(edition, published=True, title="Shown offer")
        offer(edition, title="Draft offer")
        db.session.commit()
    html = client.get("/commitments/offers").get_data(as_text=True)
    assert "Shown offer" in html and "Draft offer" not in html
    body = client.get("/api/v1/offers").get_json()
    assert [row["title"] for row in body["offers"]] == ["Shown offer"]
    assert body["offers"][0]["support_areas"] == ["tools"]
    assert "/api/v1/offers" in client.get("/api/v1/openapi.json").get_json()["paths"]


def test_the_offers_page_speaks_french(app, client):
    from forum.extensions import db
    from tests.commitments.helpers import offer

    with app.app_context():
        offer(factories.edition(), published=True)
        db.session.commit()
    client.get("/lang/fr")
    html = client.get("/commitments/offers").get_data(as_text=True)
    assert "Offres de soutien" in html and "Agence des Nations Unies" in html
