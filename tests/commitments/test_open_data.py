"""The open-data file of an edition (issue 12): valid against its published JSON Schema, the
licence stated, published public entries and offers only, the same file from the CLI."""

from __future__ import annotations

import json
from datetime import date

import jsonschema_rs
import pytest
from flask import Flask

from forum.commitments.access import Editor
from forum.commitments.checks import ProgressInput
from forum.commitments.open_data import SCHEMA_PATH
from forum.commitments.services import withdraw
from forum.commitments.updates import add_progress
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import delegate, entry, offer, organiser_user

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def edition_data(app: Flask) -> dict[str, int]:
    with app.app_context():
        edition = factories.edition()
        freetown = delegate(edition)
        quito = delegate(edition, "alcaldesa@example.org", city=("Quito", "EC"))
        need = entry(edition, freetown, published=True, title="Datos sobre los recién llegados",
                     language="es", gcr_objectives=[3, 1], support_areas=["partnerships"],
                     partnership_level="global")  # fmt: skip
        action = entry(edition, quito, published=True, kind="doing", title="One-stop shop",
                       support_areas=[], gcm_objectives=[15])  # fmt: skip
        entry(edition, freetown, title="A draft")
        entry(edition, freetown, published=True, title="Organisers only", is_public=False)
        gone = entry(edition, quito, published=True, title="Withdrawn")
        organiser = Editor(user=organiser_user())
        withdraw(gone.id, editor=organiser, now=factories.NOW)
        for on, status, percent in ((date(2018, 12, 8), "planning", None),
                                    (date(2018, 12, 8), "in_progress", 25)):  # fmt: skip
            report = ProgressInput(reported_on=on, status=status, percent=percent)
            add_progress(need.id, report, editor=organiser, now=factories.NOW)
        offer(edition, published=True, contact_email="data@un.example", contact_name="A. Person")
        offer(edition, title="A draft offer")
        db.session.commit()
        return {"need": need.id, "action": action.id}


def _valid(data: dict) -> dict:
    jsonschema_rs.validator_for(SCHEMA).validate(data)
    return data


def test_the_file_follows_its_schema_and_states_its_licence_and_source(client, edition_data):
    answer = client.get("/commitments/open-data.json?edition=5")
    assert answer.status_code == 200
    assert answer.mimetype == "application/json"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    data = _valid(answer.get_json())
    assert data["schema_version"] == "1.0"
    assert data["licence"]["name"] == "CC BY 4.0"
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["source"].endswith("/commitments")
    assert data["schema"].endswith("/commitments/open-data.schema.json")
    assert data["generated_at"].endswith("Z")
    assert data["edition"]["number"] == 5 and data["edition"]["country"] == "MA"


def test_only_published_public_entries_and_offers_are_in_it(client, edition_data):
    data = client.get("/commitments/open-data.json").get_json()
    titles = sorted(row["title"] for row in data["commitments"])
    assert titles == ["Datos sobre los recién llegados", "One-stop shop"]
    assert [row["title"] for row in data["offers"]] == ["Data tools for city migration profiles"]
    text = json.dumps(data)
    for hidden in ("A draft", "Organisers only", "Withdrawn", "data@un.example", "A. Person"):
        assert hidden not in text


def test_an_entry_carries_its_objectives_and_its_progress_updates(client, edition_data):
    data = client.get("/commitments/open-data.json").get_json()
    need = next(row for row in data["commitments"] if row["id"] == edition_data["need"])
    assert need["city"] == {"name": "Freetown", "country": "SL"}
    assert need["kind"] == "support_needed" and need["language"] == "es"
    assert need["support_areas"] == ["partnerships"] and need["partnership_level"] == "global"
    assert need["gcm_objectives"] == [1, 16]
    assert need["gcr_objectives"] == [1, 3]
    assert need["progress"] == "in_progress" and need["percent"] == 25
    assert [(u["status"], u["percent"]) for u in need["updates"]] == [
        ("in_progress", 25),
        ("planning", None),
    ]
    action = next(row for row in data["commitments"] if row["id"] == edition_data["action"])
    assert action["updates"] == [] and action["progress"] is None
    assert action["staleness"] == "red"  # published in 2018, never updated since
    theme_keys = {theme["key"] for theme in data["edition"]["themes"]}
    assert {need["theme"], action["theme"]} <= theme_keys


def test_the_schema_refuses_a_file_that_breaks_it(client, edition_data):
    data = client.get("/commitments/open-data.json").get_json()
    data["commitments"][0]["gcm_objectives"] = [24]
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validator_for(SCHEMA).validate(data)
    del data["licence"]
    assert not jsonschema_rs.validator_for(SCHEMA).is_valid(data)


def test_the_schema_is_published_beside_the_file(client, edition_data):
    answer = client.get("/commitments/open-data.schema.json")
    assert answer.status_code == 200
    assert answer.mimetype == "application/schema+json"
    assert json.loads(answer.data) == SCHEMA


def test_an_edition_without_entries_has_an_empty_valid_file(app, client):
    with app.app_context():
        factories.edition()
        factories.edition(number=6, year=2019, city="Quito", country_code="EC", is_current=False)
        db.session.commit()
    data = _valid(client.get("/commitments/open-data.json?edition=6").get_json())
    assert data["edition"]["city"] == "Quito"
    assert data["commitments"] == [] and data["offers"] == []
    assert client.get("/commitments/open-data.json?edition=7").status_code == 404


def test_the_command_writes_the_same_file(app, runner, edition_data, tmp_path):
    out = tmp_path / "open-data.json"
    result = runner.invoke(
        args=["forum", "commitments-open-data", "--edition", "5", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Open data of edition 5 written to" in result.output
    data = _valid(json.loads(out.read_text(encoding="utf-8")))
    assert "Datos sobre los recién llegados" in out.read_text(encoding="utf-8")  # UTF-8, as is
    assert len(data["commitments"]) == 2
    missing = runner.invoke(args=["forum", "commitments-open-data", "--edition", "9", "--out",
                                  str(out)])  # fmt: skip
    assert missing.exit_code != 0 and "No such edition" in missing.output
