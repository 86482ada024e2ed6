"""The public JSON API in each language: ``?lang=fr`` answers every text in French where it was
translated, in its own language elsewhere, and says which per field; without ``lang`` the
answers are what they always were; a language that is not offered is a JSON error."""

from __future__ import annotations

import pytest

from forum.commitments.matches import propose
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import NOW, entry
from tests.commitments.match_helpers import scene
from tests.content.helpers import FRENCH_ROOM, FRENCH_SESSION, translated_programme

TITRE = "Des données sur les nouveaux arrivants"
ENQUETE = "Notre enquête sur les nouveaux arrivants"


def _session(client, query: str = "") -> dict:
    answer = client.get(f"/api/v1/sessions{query}")
    assert answer.status_code == 200, answer.get_json()
    [session] = answer.get_json()["sessions"]
    return session


def test_sessions_in_french_say_the_language_of_each_text(app, client):
    with app.app_context():
        translated_programme()
    french = _session(client, "?lang=fr")
    assert (french["title"], french["title_lang"]) == (FRENCH_SESSION, "fr")
    assert (french["place"], french["place_lang"]) == (FRENCH_ROOM, "fr")
    # The description was not translated: the English one, saying so.
    assert (french["description"], french["description_lang"]) == ("Work for all.", "en")
    spanish = _session(client, "?lang=es")
    assert (spanish["title"], spanish["title_lang"]) == ("Mayors and jobs", "en")


def test_without_lang_the_answer_keeps_its_meaning(app, client):
    with app.app_context():
        ids = translated_programme()
    client.get("/lang/fr")  # the interface's language does not change the API's answer
    plain = _session(client)
    assert plain["id"] == ids["session"]
    assert (plain["title"], plain["title_lang"]) == ("Mayors and jobs", "en")
    assert plain["place"] != FRENCH_ROOM and plain["place_lang"] == "en"
    assert _session(client, "?lang=en") == plain


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("?lang=xx", 400, "invalid_lang"),
        ("?lang=FR", 400, "invalid_lang"),
        ("?lang=", 400, "invalid_lang"),
        ("?lang=ar", 404, "unknown_language"),  # the site speaks it; this edition does not
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/sessions", "/api/v1/commitments", "/commitment"])
def test_a_language_not_offered_is_a_json_error_with_its_code(
    app, client, query, status, code, path
):
    with app.app_context():
        edition = factories.edition()
        row_id = entry(edition, published=True).id
        db.session.commit()
    if path == "/commitment":
        path = f"/api/v1/commitments/{row_id}"
    answer = client.get(f"{path}{query}")
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (status, code)
    if code == "unknown_language":
        assert "it offers en, fr, es" in answer.get_json()["error"]["message"]


def test_an_edition_that_offers_arabic_answers_in_arabic(app, client):
    with app.app_context():
        edition = factories.edition(languages=["en", "fr", "es", "ar"])
        row = entry(edition, published=True)
        row.title_i18n = {"ar": "بيانات عن الوافدين الجدد"}
        db.session.commit()
    [answer] = client.get("/api/v1/commitments?lang=ar").get_json()["commitments"]
    assert (answer["title"], answer["title_lang"]) == ("بيانات عن الوافدين الجدد", "ar")


def test_commitments_in_french_fall_back_per_field_to_the_entry_s_own_language(app, client):
    with app.app_context():
        row = entry(factories.edition(), published=True)
        row.title_i18n = {"fr": TITRE}
        db.session.commit()
        row_id = row.id
    [listed] = client.get("/api/v1/commitments?lang=fr").get_json()["commitments"]
    one = client.get(f"/api/v1/commitments/{row_id}?lang=fr").get_json()
    for answer in (listed, one):
        assert (answer["title"], answer["title_lang"]) == (TITRE, "fr")
        assert answer["description"] == "We need to count who arrives."
        assert (answer["description_lang"], answer["language"]) == ("en", "en")
    plain = client.get(f"/api/v1/commitments/{row_id}").get_json()
    assert (plain["title"], plain["title_lang"]) == ("Data on newcomers", "en")
    assert plain["updates"] == one["updates"]


def test_matches_give_an_action_s_title_in_the_language_asked_for(app, client):
    with app.app_context():
        found = scene(factories.edition())
        found.action.title_i18n = {"fr": ENQUETE}
        propose(found.need.id, action_id=found.action.id, editor=found.need_side, now=NOW)
        db.session.commit()
        need_id = found.need.id
    answer = client.get(f"/api/v1/commitments/{need_id}/matches?lang=fr").get_json()
    titles = {m["type"]: (m["title"], m["title_lang"]) for m in answer["matches"]}
    assert titles == {"offer": ("Data tools", "fr"), "action": (ENQUETE, "fr")}
    [made] = answer["made"]
    assert (made["type"], made["title"], made["title_lang"]) == ("action", ENQUETE, "fr")
    plain = client.get(f"/api/v1/commitments/{need_id}/matches").get_json()
    titles = {m["type"]: (m["title"], m["title_lang"]) for m in plain["matches"]}
    assert titles == {"offer": ("Data tools", "fr"), "action": ("Our newcomer survey", "en")}


def test_the_sessions_api_runs_as_many_queries_in_any_language(app, client, count_queries):
    with app.app_context():
        translated_programme()
    counts = []
    for query in ("", "?lang=fr", "?lang=es"):
        client.get(f"/api/v1/sessions{query}")  # warm caches
        count_queries.count = 0
        assert client.get(f"/api/v1/sessions{query}").status_code == 200
        counts.append(count_queries.count)
    assert counts[0] == counts[1] == counts[2]
