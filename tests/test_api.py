"""The JSON API: sessions with filters, JSON errors, and an OpenAPI document that covers it."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

import forum
from forum.agenda.models import SessionSource
from forum.api.types import ApiErrorCode
from forum.checkin.models import ScanStatus
from forum.endorsements.services import EndorseStatus
from forum.extensions import db
from tests import factories
from tests.agenda import helpers


@pytest.fixture
def programme(app):
    with app.app_context():
        edition = factories.edition(ends_on=date(2018, 12, 9))
        theme = helpers.theme(edition)
        helpers.session(edition, "Forum plenary", "09:00", "10:00")
        helpers.session(edition, "Themed", "10:00", "11:00", theme_id=theme.id)
        helpers.session(
            edition,
            "Summit RT",
            "09:30",
            "10:30",
            source=SessionSource.GFMD,
            external_uid="rt@gfmd",
        )
        late = helpers.session(edition, "Next day", "09:00", "10:00")
        late.starts_at = helpers.local(edition, "09:00", day=1)
        late.ends_at = helpers.local(edition, "10:00", day=1)
        db.session.commit()


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Forum plenary", "Summit RT", "Themed", "Next day"]),
        ("?source=forum", ["Forum plenary", "Themed", "Next day"]),
        ("?source=gfmd", ["Summit RT"]),
        ("?theme=inclusion", ["Themed"]),
        ("?day=2018-12-09", ["Next day"]),
    ],
)
def test_sessions_with_filters(client, programme, query, titles):
    response = client.get(f"/api/v1/sessions{query}")
    assert response.status_code == 200
    assert [s["title"] for s in response.get_json()["sessions"]] == titles


def test_session_shape(client, programme):
    summit = client.get("/api/v1/sessions?source=gfmd").get_json()["sessions"][0]
    # Our own namespace, the UID the combined feed gives the item, not the summit's.
    assert summit["uid"].startswith("gfmd-") and summit["uid"].endswith("@mayoral-forum")
    assert summit["uid"] != "rt@gfmd"
    assert summit["starts_at"] == "2018-12-08T08:30:00+00:00"
    assert summit["timezone"] == "Africa/Casablanca"
    assert (summit["source"], summit["status"], summit["sequence"]) == ("gfmd", "scheduled", 0)


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("?day=yesterday", 400, "invalid_day"),
        ("?source=blog", 400, "invalid_source"),
        ("?theme=none", 404, "unknown_theme"),
    ],
)
def test_bad_filters_are_json_errors(client, programme, query, status, code):
    response = client.get(f"/api/v1/sessions{query}")
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code


def test_openapi_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    api_rules = {
        rule.rule.replace("<int:", "{").replace("<", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    assert api_rules == set(document["paths"])


ENUM = ApiErrorCode.__name__


def _codes_raised_in_code() -> set[str]:
    """Every error code the code passes to the JSON error builders, read from the source."""
    builders = {"ApiError", "json_error", "InvalidScan", "UnknownCheckpoint", "HostileInput"}
    codes: set[str] = set()
    for path in Path(forum.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if name not in builders:
                continue
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                codes.add(first.value)
        # Answers written as literal dicts: {"error": {"code": "…", …}}.
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict) and any(
                isinstance(k, ast.Constant) and k.value == "code" for k in node.keys
            ):
                values = [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if k and getattr(k, "value", None) == "code"
                ]
                codes.update(
                    v.value
                    for v in values
                    if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
            elif (
                isinstance(first, ast.Attribute)
                and getattr(first.value, "id", "") == "ApiErrorCode"
            ):
                codes.add(ApiErrorCode[first.attr].value)
    return codes


def test_every_error_code_and_status_in_the_code_is_in_the_document(client):
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    documented_codes = set(schemas["ApiErrorCode"]["enum"])
    raised = _codes_raised_in_code()
    assert len(raised) > 10  # the scan found the builders, not nothing
    assert raised - documented_codes == set()
    assert set(schemas["ScanStatus"]["enum"]) == {status.value for status in ScanStatus}
    assert set(schemas["EndorseStatus"]["enum"]) == {status.value for status in EndorseStatus}


def test_every_field_of_every_request_has_its_invalid_code(client):
    """A bad field answers invalid_<field>: each such code must be one the document lists."""
    document = client.get("/api/v1/openapi.json").get_json()
    codes = set(document["components"]["schemas"]["ApiErrorCode"]["enum"])
    fields = set()
    for item in document["paths"].values():
        for operation in item.values():
            fields.update(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                name = body["schema"]["$ref"].rsplit("/", 1)[-1]
                fields.update(document["components"]["schemas"][name]["properties"])
    assert fields, "the document lists no request fields"
    assert {f"invalid_{field}" for field in fields} - codes == set()
