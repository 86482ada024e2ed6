"""Fixtures: one app per run on SQLite or on TEST_DATABASE_URL, cleaned after every test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from forum import create_app
from forum.extensions import db, limiter, mail
from tests.smtp import SmtpSink

DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The application, on a database created for this run."""
    tmp = tmp_path_factory.mktemp("forum")
    url = DATABASE_URL or f"sqlite:///{tmp / 'test.sqlite3'}"
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_FILE_DIR=str(tmp / "mail"),
        # Room for the concurrency tests' parallel requests.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "pool_size": 20, "max_overflow": 40},
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(app: Flask) -> Iterator[None]:
    """Every test starts with empty tables and fresh rate-limit counters."""
    yield
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    limiter.reset()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    """An application context, for calling services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def smtp(app: Flask) -> Iterator[SmtpSink]:
    """A real SMTP server on a free local port, with the app's mail pointed at it."""
    sink = SmtpSink()
    sink.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER=sink.host, MAIL_PORT=sink.port)
    mail.init_app(app)
    yield sink
    sink.stop()
    app.config.update(saved)
    mail.init_app(app)


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Auth:
    """Signs a test client in and out."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, email: str, password: str) -> None:
        page = self.client.get("/login").get_data(as_text=True)
        response = self.client.post(
            "/login", data={"csrf_token": csrf_token(page), "email": email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def auth(client: FlaskClient) -> Auth:
    return Auth(client)


def count_rows(model: type) -> int:
    """How many rows a model's table holds."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


__all__ = ["Path", "count_rows", "csrf_token"]


class QueryCounter:
    """Counts the SQL statements the app sends while active."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_args: object) -> None:
        self.count += 1


@pytest.fixture
def count_queries(app: Flask) -> Iterator[QueryCounter]:
    """Counts statements sent on the app's engine during the test (reset it before measuring)."""
    counter = QueryCounter()
    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", counter)
    yield counter
    sa.event.remove(engine, "before_cursor_execute", counter)
