"""/healthz and /metrics (issue 15.5): what a load balancer and Prometheus ask each node,
and the client address taken from a trusted proxy only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask import Flask, request
from prometheus_client.parser import text_string_to_metric_families

from forum import create_app
from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.badges.services import issue_badge, qr_text
from forum.extensions import db
from forum.mail.services import queue_email
from forum.registration.models import RegistrationStatus
from tests import factories

TOKEN = "scrape-" + uuid.uuid4().hex


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus exposition (0 when absent)."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return found.value
    return 0.0


@pytest.fixture
def scraping(app: Flask):
    saved = app.config.get("METRICS_TOKEN")
    app.config["METRICS_TOKEN"] = TOKEN
    yield {"Authorization": f"Bearer {TOKEN}"}
    app.config["METRICS_TOKEN"] = saved


def scrape(client, headers) -> str:
    answer = client.get("/metrics", headers=headers)
    assert answer.status_code == 200
    assert answer.mimetype == "text/plain"
    return answer.get_data(as_text=True)


def test_a_healthy_node_says_so_and_names_each_dependency(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "not configured"},
    }


def test_redis_is_checked_when_the_node_uses_it(app):
    with_redis = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert with_redis.test_client().get("/healthz").json["checks"]["redis"] == "ok"


def test_a_node_without_its_dependencies_answers_503_without_details():
    broken = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI="postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    answer = broken.test_client().get("/healthz")
    assert answer.status_code == 503
    assert answer.json == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "redis": "unavailable"},
    }


def test_metrics_are_absent_without_a_token_and_refused_with_a_wrong_one(app, client):
    assert app.config.get("METRICS_TOKEN") is None
    assert client.get("/metrics").status_code == 404
    app.config["METRICS_TOKEN"] = TOKEN
    try:
        refused = client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert refused.status_code == 401
        assert "Bearer" in refused.headers["WWW-Authenticate"]
        assert client.get("/metrics").status_code == 401
    finally:
        app.config["METRICS_TOKEN"] = None


def test_request_latency_is_counted_per_endpoint_and_scrapes_are_not(client, scraping):
    before = sample(scrape(client, scraping), "forum_http_request_duration_seconds_count",
                    endpoint="main.index")  # fmt: skip
    for _ in range(3):
        assert client.get("/").status_code == 200
    text = scrape(client, scraping)
    after = sample(text, "forum_http_request_duration_seconds_count", endpoint="main.index")
    assert after - before == 3
    assert 'endpoint="ops.metrics"' not in text
    assert 'endpoint="ops.healthz"' not in text


def test_scans_are_counted_by_status(app, client, scraping):
    with app.app_context():
        edition = factories.edition()
        delegate = factories.registration(edition, "m@example.org", RegistrationStatus.APPROVED)
        code = qr_text(issue_badge(delegate, now=datetime.now(UTC)))
        token, _row = create_token("Gate A", Role.STAFF)
        db.session.commit()
    before = scrape(client, scraping)
    for text in (code, code, "not a badge"):
        client.post(
            "/api/v1/checkins",
            json={"code": text, "checkpoint": "entrance", "nonce": str(uuid.uuid4())},
            headers={"Authorization": f"Bearer {token}"},
        )
    after = scrape(client, scraping)
    for status, count in {"ok": 1, "already_checked_in": 1, "unknown": 1}.items():
        grown = sample(after, "forum_scans_total", status=status) - sample(
            before, "forum_scans_total", status=status
        )
        assert grown == count, status


def test_the_outbox_depth_is_read_from_the_database(app, client, scraping):
    assert sample(scrape(client, scraping), "forum_outbox_emails", state="pending") == 0
    with app.app_context():
        for n in range(2):
            person = factories.user(f"p{n}@example.org")
            queue_email(person.email, "magic_link", user=person, link="https://x.example/l")
        db.session.commit()
    text = scrape(client, scraping)
    assert sample(text, "forum_outbox_emails", state="pending") == 2
    assert sample(text, "forum_outbox_emails", state="failed") == 0


def _whoami_app(**config: object) -> Flask:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", **config)
    app.add_url_rule("/whoami", "whoami", lambda: f"{request.remote_addr} {request.scheme}")
    return app


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for():
    client = _whoami_app(PROXY_COUNT=1).test_client()
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    assert client.get("/whoami", headers=headers).text == "203.0.113.7 https"


def test_without_a_proxy_forwarded_headers_are_ignored():
    client = _whoami_app().test_client()
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    assert client.get("/whoami", headers=headers).text == "127.0.0.1 http"
