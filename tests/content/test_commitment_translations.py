"""Organisers translate a city's entry side by side on its edit page, through the one
commitment validation, audited like any edit; the public pages show each language with a
fallback, field by field, to the entry's own."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.commitments.access import Editor
from forum.commitments.models import Commitment
from forum.commitments.services import edit, return_to_city
from forum.errors import InvalidInput
from forum.extensions import db
from forum.registration.links import private_link_token
from tests import factories
from tests.commitments.helpers import entry, entry_input, organiser_user
from tests.conftest import Auth, csrf_token

TITRE = "Des données sur les nouveaux arrivants"
DESCRIPTION_FR = "Nous devons compter qui arrive."
TITULO = "Datos sobre los recién llegados"


@pytest.fixture
def published(app, client) -> dict[str, object]:
    """A published English entry of Freetown, its city page, the organiser signed in."""
    with app.app_context():
        edition = factories.edition()
        row = entry(edition, published=True)
        db.session.commit()
        ids = {
            "id": row.id,
            "theme_id": row.theme_id,
            "city": f"/cities/{row.city.country_code.lower()}/{row.city.slug}",
        }
    Auth(client).login(*factories.ORGANISER)
    return ids


def _delegate_of(row: Commitment):
    from forum.registration.models import Registration

    return db.session.scalars(
        sa.select(Registration).where(Registration.city_id == row.city_id)
    ).first()


def _form(client, ids, **values: str) -> dict[str, object]:
    url = f"/admin/commitments/{ids['id']}/edit"
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page) or re.search(
        r'value="(\d+)"[^>]*name="version"', page
    )
    assert version
    data = {
        "csrf_token": csrf_token(page), "version": version.group(1), "kind": "support_needed",
        "theme_id": str(ids["theme_id"]), "title": "Data on newcomers",
        "description": "We need to count who arrives.", "language": "en",
        "support_areas": ["tools"], "partnership_level": "", "gcm_objectives": ["1", "16"],
        "target": "A yearly newcomer survey", "target_date": "2020-12-31", "partners": "",
        "contact_id": "", "is_public": "y",
    }  # fmt: skip
    return {**data, **values}


def _save(client, ids, **values: str):
    return client.post(f"/admin/commitments/{ids['id']}/edit", data=_form(client, ids, **values))


def test_the_edit_page_shows_each_language_beside_the_entry_s_own(client, published):
    html = client.get(f"/admin/commitments/{published['id']}/edit").get_data(as_text=True)
    assert re.findall(r'name="(title(?:_i18n-\w+)?)"', html) == [
        "title",
        "title_i18n-fr",
        "title_i18n-es",
    ]
    assert 'name="description_i18n-fr"' in html and 'name="description_i18n-es"' in html
    with client.application.app_context():
        db.session.get_one(Commitment, published["id"]).language = "fr"
        db.session.commit()
    html = client.get(f"/admin/commitments/{published['id']}/edit").get_data(as_text=True)
    assert re.findall(r'name="(title_i18n-\w+)"', html) == ["title_i18n-en", "title_i18n-es"]
    assert "French (default)" in html


def test_translations_are_saved_versioned_and_audited(client, published, ctx):
    saved = _save(client, published, **{"title_i18n-fr": TITRE, "title_i18n-es": TITULO,
                                        "description_i18n-fr": DESCRIPTION_FR})  # fmt: skip
    assert saved.status_code == 302
    row = db.session.get_one(Commitment, published["id"])
    assert row.title_i18n == {"fr": TITRE, "es": TITULO}
    assert row.description_i18n == {"fr": DESCRIPTION_FR}
    assert row.version == 4  # created 1, submitted 2, published 3, translated 4
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "commitment.edited")
    ).one()
    assert sorted(event.details["fields"]) == ["description_i18n", "title_i18n"]
    assert event.actor.email == factories.ORGANISER[0]
    # The edit page shows what is stored.
    html = client.get(f"/admin/commitments/{published['id']}/edit").get_data(as_text=True)
    assert f'value="{TITRE}"' in html


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("title_i18n-fr", "x" * 201, "This cannot be longer than 200 characters."),
        ("title_i18n-es", "Datos\x00", "invisible control characters"),
        ("title_i18n-fr", "Deux\nlignes", "Please keep this on one line."),
        ("description_i18n-es", "Cuenta\x1b", "invisible control characters"),
    ],
)
def test_a_translation_is_checked_by_its_field_s_rule(client, published, field, value, problem):
    refused = _save(client, published, **{"title_i18n-fr": TITRE, field: value})
    assert refused.status_code == 200
    assert problem in refused.get_data(as_text=True)
    with client.application.app_context():
        row = db.session.get_one(Commitment, published["id"])
        assert (row.title_i18n, row.version) == ({}, 3)


def test_the_service_checks_translations_for_every_caller(published, ctx):
    row = db.session.get_one(Commitment, published["id"])
    organiser = Editor(user=organiser_user())
    data = entry_input(row.theme_id, title_i18n={"fr": "Ti\x07tre"}, description_i18n={})
    with pytest.raises(InvalidInput) as refused:
        edit(row.id, data, editor=organiser, seen_version=3, now=factories.NOW)
    assert set(refused.value.problems) == {"title_i18n"}
    # Languages the edition does not offer, and the entry's own, are not kept.
    data = entry_input(row.theme_id, title_i18n={"fr": TITRE, "en": "Other", "pt": "Dados"})
    edit(row.id, data, editor=organiser, seen_version=3, now=factories.NOW)
    assert row.title_i18n == {"fr": TITRE}


def test_public_pages_show_each_language_with_a_fallback_per_field(client, published):
    _save(client, published, **{"title_i18n-fr": TITRE, "title_i18n-es": TITULO})
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    client.get("/lang/fr")
    detail = client.get(f"/commitments/{published['id']}").get_data(as_text=True)
    assert f'<h1 lang="fr">{TITRE}</h1>' in detail
    # The description was not translated: the entry's own, marked as English.
    assert '<p class="prewrap" lang="en">We need to count who arrives.</p>' in detail
    for url in ("/commitments", published["city"]):
        page = client.get(url).get_data(as_text=True)
        assert f'lang="fr">{TITRE}</a>' in page and "Data on newcomers" not in page, url
    client.get("/lang/es")
    assert f'lang="es">{TITULO}</a>' in client.get("/commitments").get_data(as_text=True)
    client.get("/lang/ar")  # not translated into Arabic: the English title
    assert 'lang="en">Data on newcomers</a>' in client.get("/commitments").get_data(as_text=True)


def test_an_edit_without_translations_keeps_them_but_not_in_the_entry_s_new_language(
    published, ctx
):
    row = db.session.get_one(Commitment, published["id"])
    row.title_i18n = {"fr": TITRE, "es": TITULO}
    organiser = Editor(user=organiser_user())
    # The API, the import and the delegates' form send no translations: they stay.
    edit(row.id, entry_input(row.theme_id), editor=organiser, seen_version=3, now=factories.NOW)
    assert row.title_i18n == {"fr": TITRE, "es": TITULO}
    # Now said to be written in French: a French translation would hide its own text.
    data = entry_input(row.theme_id, title="Données", language="fr")
    edit(row.id, data, editor=organiser, seen_version=row.version, now=factories.NOW)
    assert row.title_i18n == {"es": TITULO}


def test_the_delegates_form_has_no_translation_inputs(app, client):
    with app.app_context():
        row = entry(factories.edition())
        db.session.commit()
        url = f"/r/{private_link_token(_delegate_of(row))}/commitments/{row.id}/edit"
    html = client.get(url).get_data(as_text=True)
    assert 'name="title"' in html and "_i18n" not in html


def test_a_text_changed_after_its_translation_is_flagged_until_translated_again(
    client, published, ctx
):
    assert _save(client, published, **{"title_i18n-fr": TITRE}).status_code == 302
    page = f"/admin/commitments/{published['id']}"
    assert "Changed since it was translated" not in client.get(page).get_data(as_text=True)
    row = db.session.get_one(Commitment, published["id"])
    mayor = _delegate_of(row)
    # Returned to the city, which rewrites its title: the French one was made for the old.
    return_to_city(row.id, comment="Say which arrivals you count.",
                   editor=Editor(user=organiser_user()), now=factories.NOW)  # fmt: skip
    changed = entry_input(row.theme_id, title="Data on every newcomer")
    editor = Editor(user=mayor.user, registration=mayor)
    edit(row.id, changed, editor=editor, seen_version=row.version, now=factories.NOW)
    db.session.commit()
    assert row.title_i18n == {"fr": TITRE}  # kept: the organisers decide
    for url in (page, f"{page}/edit"):
        html = client.get(url).get_data(as_text=True)
        assert "Changed since it was translated: Title." in html
    again = {"title": "Data on every newcomer", "title_i18n-fr": "Des données sur chaque arrivant"}
    assert _save(client, published, **again).status_code == 302
    assert db.session.get_one(Commitment, published["id"]).title == "Data on every newcomer"
    assert "Changed since it was translated" not in client.get(page).get_data(as_text=True)
