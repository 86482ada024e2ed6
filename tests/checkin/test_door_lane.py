"""The doors' lane: a device's common scan answered before Flask's request hooks, exactly as
the app answers it, and everything else left to the app."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import Flask, request_started
from prometheus_client.parser import text_string_to_metric_families

from forum import create_app
from forum.badges.models import Badge
from forum.checkin.models import CheckIn
from forum.extensions import db
from forum.registration.models import Registration
from tests.checkin.test_scan_api import scan
from tests.locks import badge_held


@contextmanager
def through_the_app(app: Flask) -> Iterator[list[str]]:
    """The paths of the requests Flask itself dispatched within the block."""
    seen: list[str] = []

    def note(_sender: Flask, **_extra: object) -> None:
        from flask import request

        seen.append(request.path)

    request_started.connect(note, app)
    try:
        yield seen
    finally:
        request_started.disconnect(note, app)


@contextmanager
def lane(app: Flask, on: bool) -> Iterator[None]:
    saved = app.config["DOOR_LANE"]
    app.config["DOOR_LANE"] = on
    try:
        yield
    finally:
        app.config["DOOR_LANE"] = saved


def warmed(client, desk) -> None:
    """A first scan: the app notes the token as seen, so the lane may answer the next."""
    assert scan(client, desk, desk["codes"]["pending"]).status_code == 200


def comparable(answer) -> tuple[int, dict, list[tuple[str, str]]]:
    body = answer.get_json()
    body.pop("scanned_at")
    body.pop("first_checked_in_at", None)
    headers = sorted((k, v) for k, v in answer.headers.items() if k != "Content-Length")
    return answer.status_code, body, headers


@pytest.mark.parametrize("badge", ["approved", "pending", "revoked"])
def test_the_lane_answers_as_the_app_does_without_its_hooks(app, client, desk, badge):
    warmed(client, desk)
    code = desk["codes"][badge]
    with through_the_app(app) as dispatched:
        by_lane = [scan(client, desk, code) for _ in range(2)]  # first, then a repeat
    assert dispatched == []
    with app.app_context():
        db.session.execute(sa.delete(CheckIn))
        db.session.commit()
    with lane(app, False), through_the_app(app) as dispatched:
        by_app = [scan(client, desk, code) for _ in range(2)]
    assert dispatched == ["/api/v1/checkins"] * 2
    assert [comparable(a) for a in by_lane] == [comparable(a) for a in by_app]
    assert by_lane[1].get_json()["status"] in {"already_checked_in", "revoked", "not_approved"}


def test_a_replayed_nonce_is_answered_by_the_lane_with_the_first_answer(app, client, desk):
    warmed(client, desk)
    nonce = str(uuid.uuid4())
    first = scan(client, desk, desk["codes"]["approved"], nonce=nonce)
    with through_the_app(app) as dispatched:
        again = scan(client, desk, desk["codes"]["approved"], nonce=nonce)
    assert dispatched == []
    assert again.get_json() == first.get_json()


def _left_to_the_app(client, desk, case: str):  # type: ignore[no-untyped-def]
    """The request of each case the lane must not answer, and what the app answers."""
    code, bearer = desk["codes"]["approved"], {"Authorization": f"Bearer {desk['token']}"}
    body = {"code": code, "nonce": str(uuid.uuid4())}
    sends = {
        "unknown token": (
            lambda: scan(client, desk, code, token="fst_made_up"),
            401,
            "invalid_token",
        ),
        "delegate token": (
            lambda: scan(client, desk, code, token=desk["delegate_token"]),
            403,
            "forbidden",
        ),
        "bad body": (
            lambda: scan(client, desk, code, checkpoint="lobby"),
            400,
            "invalid_checkpoint",
        ),
        "query string": (
            lambda: client.post("/api/v1/checkins?x=%01", json=body, headers=bearer),
            400,
            "invalid_characters",
        ),
        "form body": (
            lambda: client.post("/api/v1/checkins", data=body, headers=bearer),
            400,
            "invalid_json",
        ),
        # A room whose seats are counted: the full path, under the room's lock.
        "seats": (lambda: scan(client, desk, code, desk["workshop"]), 200, None),
    }
    send, status, error = sends[case]
    return send, (status, error)


@pytest.mark.parametrize(
    "case",
    ["unknown token", "delegate token", "bad body", "query string", "form body", "seats"],
)
def test_what_the_lane_does_not_answer_the_app_does(app, client, desk, case):
    warmed(client, desk)
    send, expected = _left_to_the_app(client, desk, case)
    with through_the_app(app) as dispatched:
        answer = send()
    assert dispatched == ["/api/v1/checkins"]
    body = answer.get_json()
    assert (answer.status_code, body.get("error", {}).get("code")) == expected
    if expected[0] == 200:
        assert body["status"] == "ok" and body["checkpoint"] == f"session:{desk['workshop']}"


def test_the_budget_is_spent_once_when_the_lane_leaves_a_scan_to_the_app(app, client, desk):
    warmed(client, desk)
    saved = app.config["SCAN_RATE_LIMIT"]
    app.config["SCAN_RATE_LIMIT"] = "3 per minute"
    try:
        # The lane spends the budget, sees a room with seats and leaves the scan to the app:
        # it must not be spent again there.
        answers = [
            scan(client, desk, desk["codes"]["approved"], desk["workshop"]),
            scan(client, desk, desk["codes"]["approved"]),
            scan(client, desk, desk["codes"]["pending"]),
            scan(client, desk, desk["codes"]["approved"]),
        ]
    finally:
        app.config["SCAN_RATE_LIMIT"] = saved
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].get_json()["error"]["code"] == "too_many_requests"
    assert int(answers[3].headers["Retry-After"]) >= 1


def test_scans_the_lane_answers_are_timed_for_their_endpoint(app, client, desk):
    warmed(client, desk)
    app.config["METRICS_TOKEN"] = token = "scrape-" + uuid.uuid4().hex
    try:

        def counted() -> float:
            text = client.get("/metrics", headers={"Authorization": f"Bearer {token}"}).text
            for family in text_string_to_metric_families(text):
                for found in family.samples:
                    if found.name == "forum_http_request_duration_seconds_count" and (
                        found.labels
                        == {
                            "endpoint": "checkin_api.create_checkin",
                            "method": "POST",
                            "status": "200",
                        }
                    ):
                        return found.value
            return 0.0

        before = counted()
        with through_the_app(app) as dispatched:
            for _ in range(3):
                scan(client, desk, desk["codes"]["approved"])
        assert dispatched == []
        assert counted() - before == 3
    finally:
        app.config["METRICS_TOKEN"] = None


def test_with_https_forced_a_plain_http_scan_is_left_to_the_app(app, client, desk):
    forced = create_app(
        "testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"], FORCE_HTTPS=True
    )
    browser = forced.test_client()
    with through_the_app(forced) as dispatched:
        plain = scan(browser, desk, desk["codes"]["approved"])
    assert dispatched == ["/api/v1/checkins"]
    assert plain.status_code in {301, 302}
    assert plain.headers["Location"].startswith("https://")
    with through_the_app(forced) as dispatched:
        secure = [
            browser.post(
                "/api/v1/checkins",
                json={"code": desk["codes"][badge], "nonce": str(uuid.uuid4())},
                headers={"Authorization": f"Bearer {desk['token']}"},
                base_url="https://localhost",
            )
            for badge in ("pending", "approved")
        ]
    assert dispatched == ["/api/v1/checkins"]  # the first, noting the token as seen
    assert [a.get_json()["status"] for a in secure] == ["not_approved", "ok"]
    assert "max-age" in secure[1].headers["Strict-Transport-Security"]
    # Each app keeps its own security settings: the first, through its hooks, still answers
    # plain HTTP (a made-up token is refused by the app itself, not the lane).
    unforced = scan(client, desk, desk["codes"]["approved"], token="fst_made_up")
    assert unforced.status_code == 401 and "Strict-Transport-Security" not in unforced.headers


def test_a_failure_in_the_lane_is_logged_and_the_app_answers(
    app, client, desk, monkeypatch, caplog
):
    warmed(client, desk)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("forum.checkin.lane.fast_check_in", broken)
    with through_the_app(app) as dispatched:
        answer = scan(client, desk, desk["codes"]["approved"])
    assert dispatched == ["/api/v1/checkins"]
    assert (answer.status_code, answer.get_json()["status"]) == (200, "ok")
    assert "The doors' lane failed" in caplog.text


def test_a_lock_the_lane_waited_for_is_answered_busy_without_waiting_again(app, client, desk):
    warmed(client, desk)
    with app.app_context():
        engine, postgres = db.engine, db.engine.dialect.name == "postgresql"
        badge_id = db.session.scalar(
            sa.select(Badge.id)
            .join(Badge.registration)
            .where(Registration.id == desk["approved_id"])
        )
    wait = app.config["HOT_WRITE_LOCK_WAIT_MS"] / 1000
    with badge_held(engine, badge_id):  # the row the scan's INSERT must lock for its key
        started = time.monotonic()
        answer = scan(client, desk, desk["codes"]["approved"])
        took = time.monotonic() - started
    assert (answer.status_code, answer.get_json()["error"]["code"]) == (503, "busy")
    assert answer.headers["Retry-After"] == "1"
    assert wait * 0.9 <= took < wait * 1.5, (postgres, took)  # one wait, not two


@pytest.mark.parametrize("length", ["²", "1" * 5000, "-1"])
def test_a_content_length_no_server_should_send_is_left_to_the_app(client, desk, length):
    warmed(client, desk)
    answer = client.post(
        "/api/v1/checkins",
        json={"code": desk["codes"]["approved"], "nonce": str(uuid.uuid4())},
        headers={"Authorization": f"Bearer {desk['token']}"},
        environ_overrides={"CONTENT_LENGTH": length},
    )
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "invalid_json"


def test_a_signed_in_browser_is_left_to_the_app_and_its_sign_in_rules(app, client, desk):
    warmed(client, desk)
    client.set_cookie("session", "anything")
    with through_the_app(app) as dispatched:
        answer = scan(client, desk, desk["codes"]["approved"])
    client.delete_cookie("session")
    assert dispatched == ["/api/v1/checkins"]
    assert answer.get_json()["status"] == "ok"


def test_figures_that_fail_never_cost_the_scanner_its_answer(
    app, client, desk, monkeypatch, caplog
):
    warmed(client, desk)

    class Broken:
        def labels(self, **_labels: object) -> None:
            raise RuntimeError("a broken counter")

    monkeypatch.setattr("forum.checkin.lane.SCANS", Broken())
    with through_the_app(app) as dispatched:
        answer = scan(client, desk, desk["codes"]["approved"])
    assert dispatched == []
    assert (answer.status_code, answer.get_json()["status"]) == (200, "ok")
    assert "could not count a scan" in caplog.text


def test_a_made_up_token_is_looked_up_once_for_the_lane_and_the_app(app, client, desk):
    warmed(client, desk)
    looked_up: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if "api_tokens" in statement and statement.lstrip().upper().startswith("SELECT"):
            looked_up.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", note)
    try:
        answer = scan(client, desk, desk["codes"]["approved"], token="fst_made_up")
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", note)
    assert answer.status_code == 401
    assert len(looked_up) == 1
