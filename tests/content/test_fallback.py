"""Content in several languages: each field falls back on its own to the default language."""

from __future__ import annotations

from forum.agenda.models import Session, Theme
from forum.extensions import db
from forum.translated import Localized, completeness, localized, missing_languages
from tests.content.helpers import FRENCH_ROOM, FRENCH_SESSION, FRENCH_THEME, translated_programme


def test_each_field_falls_back_on_its_own(ctx):
    ids = translated_programme()
    theme = db.session.get(Theme, ids["theme"])
    assert localized(theme, "title", "fr") == Localized(FRENCH_THEME, "fr", False)
    # The description was not translated: English, and it says so.
    assert localized(theme, "description", "fr") == Localized(
        "How cities include newcomers.", "en", True
    )
    assert localized(theme, "title", "es") == Localized("Cities and inclusion", "en", True)
    assert localized(theme, "title", "en") == Localized("Cities and inclusion", "en", False)
    assert localized(theme, "title", None).text == "Cities and inclusion"


def test_a_session_s_place_is_its_room_s_name_in_the_language(ctx):
    ids = translated_programme()
    session = db.session.get(Session, ids["session"])
    assert session.place_in("fr") == Localized(FRENCH_ROOM, "fr", False)
    assert session.place_in("es") == Localized("Atlas room", "en", True)
    assert localized(session, "title", "fr").text == FRENCH_SESSION


def test_the_default_language_is_the_edition_s(ctx):
    ids = translated_programme()
    theme = db.session.get(Theme, ids["theme"])
    theme.edition.default_language = "fr"
    theme.title_i18n = {"en": "Cities and inclusion"}
    theme.title = FRENCH_THEME
    assert localized(theme, "title", "fr") == Localized(FRENCH_THEME, "fr", False)
    assert localized(theme, "title", "en") == Localized("Cities and inclusion", "en", False)
    assert localized(theme, "title", "es") == Localized(FRENCH_THEME, "fr", True)


def test_completeness_and_missing_languages_count_non_empty_fields_only(ctx):
    ids = translated_programme()
    theme = db.session.get(Theme, ids["theme"])
    assert completeness([theme], ("title", "description"), "fr", default="en") == (1, 2)
    assert completeness([theme], ("title", "description"), "es", default="en") == (0, 2)
    theme.description = ""
    assert completeness([theme], ("title", "description"), "fr", default="en") == (1, 1)
    assert missing_languages(theme, ("title", "description"), ["en", "fr", "es"], "en") == ["es"]
