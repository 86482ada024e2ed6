"""GET /api/v1/commitments and /api/v1/commitments/{id}: published public entries only."""

from __future__ import annotations

from datetime import date

from forum.commitments.access import Editor
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import delegate, entry, progress


def _world(app) -> dict[str, int]:
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        quito = delegate(edition, "q@example.org", city=("Quito", "EC"))
        need = entry(edition, mayor, published=True)
        doing = entry(edition, quito, published=True, kind="doing", support_areas=[],
                      gcm_objectives=[7], title="Night shelter")  # fmt: skip
        entry(edition, mayor, title="A draft")
        editor = Editor(user=mayor.user, registration=mayor)
        progress(need, editor, date(2018, 1, 5), "planning")
        progress(need, editor, date(2018, 11, 5), "fulfilled")
        db.session.commit()
        return {"need": need.id, "doing": doing.id, "quito": quito.city_id}


def test_the_list_has_published_entries_filtered_and_paginated(app, client):
    ids = _world(app)
    body = client.get("/api/v1/commitments").get_json()
    assert body["total"] == 2
    assert {row["title"] for row in body["commitments"]} == {"Data on newcomers", "Night shelter"}
    assert [r["id"] for r in client.get("/api/v1/commitments?gcm=7").get_json()["commitments"]] == [
        ids["doing"]
    ]
    assert client.get("/api/v1/commitments?area=tools").get_json()["total"] == 1
    assert client.get("/api/v1/commitments?country=ec").get_json()["total"] == 1
    assert client.get(f"/api/v1/commitments?city={ids['quito']}").get_json()["total"] == 1
    fulfilled = client.get("/api/v1/commitments?progress=fulfilled").get_json()
    assert [r["id"] for r in fulfilled["commitments"]] == [ids["need"]]
    assert client.get("/api/v1/commitments?progress=planning").get_json()["total"] == 0
    first = client.get("/api/v1/commitments?per_page=1").get_json()
    assert (len(first["commitments"]), first["next_page"]) == (1, 2)
    assert client.get("/api/v1/commitments?theme=nope").status_code == 404
    assert client.get("/api/v1/commitments?kind=wish").status_code == 400


def test_one_entry_comes_with_its_updates_newest_first(app, client):
    ids = _world(app)
    body = client.get(f"/api/v1/commitments/{ids['need']}").get_json()
    assert [u["status"] for u in body["updates"]] == ["fulfilled", "planning"]
    assert body["progress"] == "fulfilled"
    assert body["support_areas"] == ["tools"] and body["gcm_objectives"] == [1, 16]
    assert body["staleness"] in {"green", "amber", "red"}
    assert client.get(f"/api/v1/commitments/{ids['need'] + 99}").status_code == 404


def test_drafts_are_not_found(app, client):
    _world(app)
    with app.app_context():
        from forum.commitments.models import Commitment, Status

        draft = db.session.query(Commitment).filter_by(status=Status.DRAFT).one()
        draft_id = draft.id
    answer = client.get(f"/api/v1/commitments/{draft_id}")
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "/api/v1/commitments" in paths
    assert "/api/v1/commitments/{commitment_id}" in paths


def test_a_bad_filter_is_named_in_the_error(client, ctx):
    factories.edition()
    db.session.commit()
    answer = client.get("/api/v1/commitments?gcm=24")
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (400, "invalid_gcm")


def test_words_are_searched_in_title_description_and_target(app, client):
    _world(app)
    assert client.get("/api/v1/commitments?q=SHELTER").get_json()["total"] == 1
    assert client.get("/api/v1/commitments?q=newcomer%20survey").get_json()["total"] == 2
    assert client.get("/api/v1/commitments?q=data%20newcomer").get_json()["total"] == 1
    assert client.get("/api/v1/commitments?q=100%25").get_json()["total"] == 0
    assert client.get("/api/v1/commitments?q=night%20zebra").get_json()["total"] == 0
    html = client.get("/commitments?q=shelter").get_data(as_text=True)
    assert "Night shelter" in html and "Data on newcomers" not in html
    assert all(
        client.get(f"/commitments?q={q}").status_code < 500 for q in ("%00x", "%07", "x" * 300)
    )
