"""Rate limits hold across workers (kept in Redis), and the registration limit keeps the form
(issue 8.19)."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from forum.extensions import db
from tests import factories
from tests.conftest import DATABASE_URL, csrf_token
from tests.test_registration_public import VALID

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/5"  # this branch's own Redis database
# One gunicorn worker: its own process and its own app, on the shared Redis.
WORKER = """
import json, re, sys
from forum import create_app
from forum.extensions import db

database_url, redis_url, key, attempts = sys.argv[1:5]
app = create_app(
    "production",
    SECRET_KEY=key,
    PUBLIC_BASE_URL="https://localhost",
    FORCE_HTTPS=False,
    SQLALCHEMY_DATABASE_URI=database_url,
    REDIS_URL=redis_url,
    LOGIN_RATE_LIMIT="3 per minute",
)
with app.app_context():
    db.create_all()
client = app.test_client()
page = client.get("/login", base_url="https://localhost").get_data(as_text=True)
token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
form = {"csrf_token": token, "email": "someone@example.org", "password": "a-wrong-password"}
same_site = {"Referer": "https://localhost/login"}  # Flask-WTF checks it over HTTPS
codes = [client.post("/login", data=form, base_url="https://localhost", headers=same_site)
         .status_code for _ in range(int(attempts))]
print(json.dumps(codes))
"""


@pytest.fixture
def shared_redis() -> redis.Redis:
    """Redis database 5, empty before and after the test."""
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def run_worker(database_url: str, key: str, attempts: int) -> list[int]:
    """Start one worker process and make ``attempts`` sign-in attempts through it."""
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, database_url, REDIS_URL, key, str(attempts)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_the_login_limit_is_counted_across_two_workers_on_one_redis(shared_redis, tmp_path):
    database_url = DATABASE_URL or f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    key = secrets.token_urlsafe(48)
    first = run_worker(database_url, key, 3)
    second = run_worker(database_url, key, 2)
    # Three attempts a minute in all: the second worker knows of the first one's three.
    assert (first, second) == ([200, 200, 200], [429, 429])
    assert shared_redis.keys("LIMITS:*") != []


def test_hitting_the_registration_limit_gives_the_form_back_as_typed(app, client):
    with app.app_context():
        factories.edition(capacity=50)
        db.session.commit()
    app.config["REGISTRATION_RATE_LIMIT"] = "1 per minute"
    try:
        token = csrf_token(client.get("/register").get_data(as_text=True))
        client.post("/register", data={"csrf_token": token, "email": "first@example.org"})
        typed = {**VALID, "given_name": "Valérie", "position_title": "Maire adjointe"}
        response = client.post("/register", data={"csrf_token": token, **typed})
    finally:
        app.config["REGISTRATION_RATE_LIMIT"] = "1000 per minute"
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Wait a minute, then send the form again." in page
    assert 'value="Valérie"' in page
    assert 'value="Maire adjointe"' in page
    assert 'value="yvonne@freetown.example.org"' in page
