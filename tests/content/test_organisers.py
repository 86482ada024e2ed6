"""Organisers write each language side by side, see what is left to translate, and a clone
keeps every translation; the agenda's query count stays what it was."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa

from forum.agenda.models import Room, Session, Theme
from forum.editions.models import Edition
from forum.extensions import db
from forum.seasons.cloning import clone_edition, clone_settings
from tests import factories
from tests.agenda import helpers
from tests.conftest import Auth, csrf_token
from tests.content.helpers import FRENCH_EDITION, FRENCH_THEME, translated_programme


def _organiser(app, client) -> dict[str, int]:
    with app.app_context():
        ids = translated_programme()
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    return ids


def test_the_theme_form_shows_each_language_side_by_side_default_first(app, client):
    ids = _organiser(app, client)
    html = client.get(f"/admin/agenda/themes/{ids['theme']}").get_data(as_text=True)
    names = re.findall(r'name="(title(?:_i18n-\w+)?)"', html)
    assert names == ["title", "title_i18n-fr", "title_i18n-es"]
    assert f'value="{FRENCH_THEME}"' in html
    assert 'name="description_i18n-fr"' in html


def test_a_translation_is_saved_and_checked_by_the_main_field_s_rule(app, client):
    ids = _organiser(app, client)
    url = f"/admin/agenda/themes/{ids['theme']}"
    form = {
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "title": "Cities and inclusion",
        "slug": "inclusion",
        "description": "How cities include newcomers.",
        "title_i18n-fr": FRENCH_THEME,
        "title_i18n-es": "Ciudades e inclusión",
        "description_i18n-fr": "Comment les villes accueillent.",
        "gcm_objectives": "16",
        "is_published": "y",
    }
    assert client.post(url, data=form).status_code == 302
    refused = client.post(url, data={**form, "title_i18n-es": "x" * 301})
    assert refused.status_code == 200
    assert "This cannot be longer than 300 characters." in refused.get_data(as_text=True)
    nul = client.post(url, data={**form, "title_i18n-es": "Ciu\x00dades"})
    assert "invisible control characters" in nul.get_data(as_text=True)
    with app.app_context():
        theme = db.session.get(Theme, ids["theme"])
        assert theme.title_i18n == {"fr": FRENCH_THEME, "es": "Ciudades e inclusión"}
        assert theme.description_i18n == {"fr": "Comment les villes accueillent."}


def test_a_room_and_a_session_take_their_translations_too(app, client):
    ids = _organiser(app, client)
    url = f"/admin/agenda/rooms/{ids['room']}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "name": "Atlas room", "name_i18n-es": "Sala Atlas"}
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        room = db.session.get(Room, ids["room"])
        session = db.session.get(Session, ids["session"])
        # The Spanish name added; French kept, as the form carried it not (a partial post).
        assert room.name_i18n == {"fr": "Salle Atlas", "es": "Sala Atlas"}
        assert session.sequence == 1  # calendars hear the place changed
    html = client.get(f"/admin/agenda/sessions/{ids['session']}").get_data(as_text=True)
    assert 'name="title_i18n-fr"' in html and 'name="description_i18n-es"' in html


def test_the_dashboard_counts_what_each_language_has_translated(app, client):
    _organiser(app, client)
    html = client.get("/admin/").get_data(as_text=True)
    # Edition title; theme title and description; session title and description; room name.
    assert "French: 4 of 6 texts translated" in html
    assert "Spanish: 0 of 6 texts translated" in html
    listing = client.get("/admin/agenda/").get_data(as_text=True)
    assert "Missing translation: FR, ES" in listing  # the theme's description, say


def test_the_dashboard_counts_published_commitments_in_the_language_each_was_written_in(
    app, client
):
    _organiser(app, client)
    with app.app_context():
        from forum.editions.services import current_edition
        from tests.commitments.helpers import delegate, entry

        edition = current_edition()
        assert edition is not None
        mayor = delegate(edition)
        spanish = entry(edition, mayor, published=True, title="Datos", description="",
                        language="es")  # fmt: skip
        spanish.title_i18n = {"fr": "Données"}
        entry(edition, mayor, title="A draft, not counted", description="")
        db.session.commit()
    html = client.get("/admin/").get_data(as_text=True)
    # The six agenda texts as above, the two entries' themes' titles (untranslated), and the
    # published entry's title: Spanish, its own language, and translated into French. The
    # draft's title is not counted (it would make ten).
    assert "French: 5 of 9 texts translated" in html
    assert "Spanish: 1 of 9 texts translated" in html


def test_the_edition_settings_take_titles_per_language_languages_and_a_badge_prefix(app, client):
    _organiser(app, client)
    from tests.seasons.test_settings import FORM

    token = csrf_token(client.get("/admin/editions/5").get_data(as_text=True))
    data = {**FORM, "csrf_token": token, "title_i18n-fr": FRENCH_EDITION,
            "subtitle_i18n-es": "Quinto foro", "languages": ["en", "fr", "es"],
            "badge_prefix": "mrk18"}  # fmt: skip
    assert client.post("/admin/editions/5", data=data).status_code == 302
    with app.app_context():
        edition = db.session.query(Edition).one()
        assert (edition.title_i18n, edition.subtitle_i18n, edition.badge_prefix) == (
            {"fr": FRENCH_EDITION},
            {"es": "Quinto foro"},
            "MRK18",
        )
    bad = {**data, "badge_prefix": "MRK 18!", "languages": ["fr", "es"], "default_language": "en"}
    html = client.post("/admin/editions/5", data=bad).get_data(as_text=True)
    assert "Use up to 12 capital letters" in html
    assert "The default language must be one of those offered." in html


def test_a_clone_keeps_every_translation(ctx):
    ids = translated_programme()
    source = db.session.get(Edition, ids["edition"])
    source.badge_prefix, source.languages = "MRK18", ["en", "fr"]
    settings = clone_settings(
        source, number=6, city="Quito", country_code="EC", timezone="America/Guayaquil",
        starts_on=date(2020, 1, 22),
    )  # fmt: skip
    new = clone_edition(source.id, settings, actor=None, now=datetime(2019, 6, 1, tzinfo=UTC))
    edition = new.edition
    assert (edition.title_i18n, edition.languages, edition.badge_prefix) == (
        {"fr": FRENCH_EDITION},
        ["en", "fr"],
        "MRK18",
    )

    def one(model):
        return db.session.scalars(sa.select(model).where(model.edition_id == edition.id)).one()

    assert one(Theme).title_i18n == {"fr": FRENCH_THEME}
    assert one(Room).name_i18n == {"fr": "Salle Atlas"}
    assert one(Session).title_i18n == {"fr": "Les maires et l’emploi"}


def test_the_french_agenda_runs_as_many_queries_as_the_english_one(app, client, count_queries):
    with app.app_context():
        ids = translated_programme()
        edition = db.session.get(Edition, ids["edition"])
        for index in range(30):
            helpers.session(
                edition, f"More {index}", "14:00", "14:30", theme_id=ids["theme"],
                room_id=ids["room"], title_i18n={"fr": f"Encore {index}"},
            )  # fmt: skip

        db.session.commit()
    client.get("/agenda")
    count_queries.count = 0
    assert client.get("/agenda").status_code == 200
    english = count_queries.count
    client.get("/lang/fr")
    client.get("/agenda")
    count_queries.count = 0
    assert "Encore 29" in client.get("/agenda").get_data(as_text=True)
    assert count_queries.count == english <= 7
