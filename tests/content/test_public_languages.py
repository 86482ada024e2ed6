"""A theme titled in French is French on the French agenda, in the French feed (read by
icalendar, vobject and ical.js), in a French delegate's e-mail, and on their badge."""

from __future__ import annotations

import re

import pytest
import vobject
from flask_babel import force_locale
from icalendar import Calendar

from forum.badges.printing import badge_face, badge_faces
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.lifecycle import notify
from tests.badges import helpers as badge_helpers
from tests.calendar.readers import all_readers, icaljs
from tests.content.helpers import (
    FRENCH_EDITION,
    FRENCH_ROOM,
    FRENCH_SESSION,
    FRENCH_THEME,
    translated_programme,
)


def test_the_french_agenda_shows_the_french_titles_and_the_english_one_the_english(app, client):
    with app.app_context():
        translated_programme()
    english = client.get("/agenda").get_data(as_text=True)
    assert "Cities and inclusion" in english and FRENCH_THEME not in english
    client.get("/lang/fr")
    french = client.get("/agenda").get_data(as_text=True)
    assert FRENCH_THEME in french and FRENCH_SESSION in french and FRENCH_ROOM in french
    assert "Mayors and jobs" not in french
    theme_page = client.get("/agenda/themes/inclusion").get_data(as_text=True)
    assert f"<h1>{FRENCH_THEME}</h1>" in theme_page
    # Not translated: the English text, marked as English for screen readers.
    assert '<p class="lead prewrap" lang="en">How cities include newcomers.</p>' in theme_page
    assert "Intégration et cohésion sociale" in theme_page  # GCM 16, the UN's French title


def test_a_french_page_subscribes_to_the_french_feed(app, client):
    with app.app_context():
        translated_programme()
    assert "lang=" not in _feed_links(client.get("/agenda").get_data(as_text=True))
    client.get("/lang/fr")
    links = _feed_links(client.get("/agenda").get_data(as_text=True))
    assert links and all("lang=fr" in link for link in links)
    theme_links = _feed_links(client.get("/agenda/themes/inclusion").get_data(as_text=True))
    assert any("inclusion.ics?lang=fr" in link for link in theme_links)


def _feed_links(html: str) -> list[str]:
    return re.findall(r'href="([^"]*\.ics[^"]*)"', html)


@pytest.mark.parametrize("url", ["/agenda.ics?lang=fr", "/agenda/inclusion.ics?lang=fr"])
def test_the_french_feed_carries_french_texts_with_their_language(app, client, url):
    with app.app_context():
        translated_programme()
    body = client.get(url).data
    event = Calendar.from_ical(body).walk("VEVENT")[0]
    assert (str(event["SUMMARY"]), event["SUMMARY"].params["LANGUAGE"]) == (FRENCH_SESSION, "fr")
    assert (str(event["LOCATION"]), event["LOCATION"].params["LANGUAGE"]) == (FRENCH_ROOM, "fr")
    # The description has no French: it is the English one, and says so.
    assert event["DESCRIPTION"].params["LANGUAGE"] == "en"
    assert FRENCH_THEME in [str(c) for c in event["CATEGORIES"].cats]
    card = vobject.readOne(body.decode()).vevent
    assert (card.summary.value, card.summary.params["LANGUAGE"]) == (FRENCH_SESSION, ["fr"])
    assert card.location.params["LANGUAGE"] == ["fr"]
    read = icaljs(body)["events"][0]
    assert (read["summary"], read["languages"]) == (
        FRENCH_SESSION,
        {"summary": "fr", "description": "en", "location": "fr"},
    )
    first, *others = all_readers(body).values()
    assert first and all(times == first for times in others)


def test_the_plain_feed_says_no_language_and_keeps_its_own_etag(app, client):
    with app.app_context():
        translated_programme()
    plain = client.get("/agenda.ics")
    french = client.get("/agenda.ics?lang=fr")
    assert b"LANGUAGE=" not in plain.data and b"Mayors and jobs" in plain.data
    assert plain.headers["ETag"] != french.headers["ETag"]
    assert client.get("/agenda.ics?lang=xx").data == plain.data  # a language we lack: default


def test_a_french_delegate_s_e_mail_and_badge_speak_french(app):
    with app.app_context():
        translated_programme()
        edition = db.session.query(Edition).one()
        edition.badge_prefix = "MRK18"
        ada = badge_helpers.approved(edition, "ada@example.org")
        ada.user.preferred_locale = "fr"
        notify(ada, "received")
        db.session.commit()
        mail = db.session.query(OutboxEmail).filter_by(template="received").one()
        assert FRENCH_EDITION in mail.body_text
        badge = badge_helpers.badge_of(ada)
        with force_locale("fr"):
            face = badge_face(badge)
        assert face.category_label == "Maire"
        assert face.edition_label == f"Forum des maires · Marrakech 2018 · MRK18-{badge.id:05d}"
        with force_locale("es"):
            assert badge_face(badge).category_label == "Alcalde"


def test_a_batch_prints_each_badge_in_its_delegate_s_language(ctx):
    edition = translated_programme_edition()
    ada = badge_helpers.approved(edition, "ada@example.org")
    ana = badge_helpers.approved(edition, "ana@example.org")
    ada.user.preferred_locale, ana.user.preferred_locale = "fr", "es"
    ids = [badge_helpers.badge_of(ada).id, badge_helpers.badge_of(ana).id]
    db.session.commit()
    with force_locale("en"):  # an English-speaking organiser prints them
        faces = list(badge_faces(ids))
    assert [face.category_label for face in faces] == ["Maire", "Alcalde"]


def translated_programme_edition() -> Edition:
    translated_programme()
    return db.session.query(Edition).one()


def test_a_new_translation_reaches_the_feed_through_a_new_etag(app, client):
    with app.app_context():
        ids = translated_programme()
    before = client.get("/agenda.ics?lang=es")
    assert before.headers["ETag"] and b"LANGUAGE=en" in before.data
    with app.app_context():
        from forum.agenda.models import Session
        from forum.agenda.services import apply_changes

        session = db.session.get(Session, ids["session"])
        apply_changes(session, title_i18n={"fr": FRENCH_SESSION, "es": "Alcaldes y empleo"})
        db.session.commit()
        assert session.sequence == 1  # a title calendars show changed, in one language
    after = client.get("/agenda.ics?lang=es", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "SUMMARY;LANGUAGE=es:Alcaldes y empleo" in after.text


def test_the_editions_api_gives_the_title_in_every_offered_language(app, client):
    with app.app_context():
        translated_programme()
    (edition,) = client.get("/api/v1/editions").get_json()["editions"]
    assert (edition["default_language"], edition["languages"]) == ("en", ["en", "fr", "es"])
    assert edition["titles"] == {
        "en": edition["title"],
        "fr": FRENCH_EDITION,
        "es": edition["title"],  # no Spanish: the default language's
    }


def test_gcm_titles_exist_in_every_interface_language_and_arabic_says_it_is_ours(app):
    from forum.agenda.gcm import GCM_TITLES, OWN_TRANSLATIONS, gcm_title

    assert set(GCM_TITLES) == set(app.config["LANGUAGES"])
    assert all(sorted(titles) == list(range(1, 24)) for titles in GCM_TITLES.values())
    assert gcm_title(16, "ar") == "الإدماج والتماسك الاجتماعي" != gcm_title(16, "en")
    assert {"ar"} == OWN_TRANSLATIONS  # sourced: en, fr, es (the UN Network on Migration)


def test_a_theme_page_in_arabic_says_its_objectives_titles_are_our_translation(app, client):
    with app.app_context():
        translated_programme()
        with app.test_request_context(), force_locale("ar"):
            from flask_babel import gettext

            note = gettext(
                "The objectives' titles in this language are the forum's own translation, not"
                " the United Nations' wording."
            )
    notes = {}
    for language in ("ar", "fr", "en"):
        client.get(f"/lang/{language}")
        page = client.get("/agenda/themes/inclusion").get_data(as_text=True)
        notes[language] = note in page
        assert "16" in page  # the objective is listed in every language
    assert notes == {"ar": True, "fr": False, "en": False}
