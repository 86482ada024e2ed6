"""The JSON API: sessions with filters, JSON errors, and an OpenAPI document that covers it."""

from __future__ import annotations

from datetime import date

import pytest

from forum.agenda.models import SessionSource
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
