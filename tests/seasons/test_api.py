"""Editions in the API (issue 13.6): the list of editions, and ``?edition=`` on the public
list endpoints, all in the OpenAPI document."""

from __future__ import annotations

from tests.seasons.test_public import _berlin_2017_past_and_marrakech_current


def test_every_edition_is_listed_most_recent_first_with_its_links(app, client):
    with app.app_context():
        _berlin_2017_past_and_marrakech_current()
    answer = client.get("/api/v1/editions")
    assert answer.status_code == 200
    editions = answer.get_json()["editions"]
    assert [(e["number"], e["city"], e["current"]) for e in editions] == [
        (5, "Marrakech", True),
        (4, "Berlin", False),
    ]
    berlin = editions[1]
    base = app.config["PUBLIC_BASE_URL"]
    assert berlin["page"] == f"{base}/editions/4/"
    assert berlin["agenda_feed"] == f"{base}/editions/4/agenda.ics"
    assert (berlin["starts_on"], berlin["timezone"]) == ("2017-06-26", "Europe/Berlin")


def test_the_sessions_of_another_edition_are_asked_for_by_its_number(app, client):
    with app.app_context():
        _berlin_2017_past_and_marrakech_current()
    current = [s["title"] for s in client.get("/api/v1/sessions").get_json()["sessions"]]
    berlin = client.get("/api/v1/sessions?edition=4").get_json()["sessions"]
    assert "Berlin opening" not in current
    assert [s["title"] for s in berlin] == ["Berlin opening"]  # the draft stays hidden
    assert berlin[0]["timezone"] == "Europe/Berlin"


def test_an_unknown_or_malformed_edition_is_a_json_error(app, client):
    with app.app_context():
        _berlin_2017_past_and_marrakech_current()
    for path in ("/api/v1/sessions?edition=99", "/api/v1/commitments?edition=99"):
        unknown = client.get(path)
        assert unknown.status_code == 404
        assert unknown.get_json()["error"]["code"] == "unknown_edition"
    malformed = client.get("/api/v1/sessions?edition=zero")
    assert malformed.status_code == 400
    assert malformed.get_json()["error"]["code"] == "invalid_edition"


def test_the_document_describes_the_editions_and_the_parameter(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/editions" in document["paths"]
    for path in ("/api/v1/sessions", "/api/v1/commitments"):
        names = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert "edition" in names, path
    assert "unknown_edition" in document["components"]["schemas"]["ApiErrorCode"]["enum"]
