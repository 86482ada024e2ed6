"""The scan budget is counted in Redis, so every worker spends the same one; while Redis
does not answer, each process counts on its own."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import redis
from flask import Flask

from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.extensions import db
from tests.checkin.test_scan_api import scan

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/11"
# A worker of its own: a new process, its own app on the same database and Redis.
WORKER = """\
import json, sys, uuid
from forum import create_app
url, storage, token, code, count = sys.argv[1:6]
app = create_app(
    "testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI=storage,
    SCAN_RATE_LIMIT="3 per minute",
)
client = app.test_client()
answers = []
for _ in range(int(count)):
    body = {"code": code, "nonce": str(uuid.uuid4())}
    reply = client.post("/api/v1/checkins", json=body, headers={"Authorization": "Bearer " + token})
    answers.append([reply.status_code, reply.headers.get("Retry-After"), reply.get_json()])
print(json.dumps(answers))
"""


def worker(app: Flask, desk, storage: str, count: int) -> tuple[list[list[object]], str]:
    """``count`` scans from a separate process: their (status, Retry-After, body), its log."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    argv = [url, storage, desk["token"], desk["codes"]["pending"], str(count)]
    done = subprocess.run(
        [sys.executable, "-c", WORKER, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stderr


def test_two_workers_spend_one_budget_in_redis(app, desk):
    redis.Redis.from_url(REDIS_URL).flushdb()
    first, _log = worker(app, desk, REDIS_URL, 2)
    second, _log = worker(app, desk, REDIS_URL, 2)
    assert [status for status, _wait, _body in first + second] == [200, 200, 200, 429]
    _status, wait, body = second[-1]
    assert body["error"]["code"] == "too_many_requests"
    assert wait is not None and 1 <= int(wait) <= 60


def test_while_redis_does_not_answer_each_process_counts_on_its_own(app, desk):
    answers, log = worker(app, desk, "redis://127.0.0.1:1/0", 4)
    assert [status for status, _wait, _body in answers] == [200, 200, 200, 429]
    assert [body["status"] for _status, _wait, body in answers[:3]] == ["not_approved"] * 3
    assert log.count("Rate limit storage unreachable") == 1  # once, not on every scan


def statuses(client, desk, count: int, **token: str) -> list[int]:
    """The statuses of ``count`` scans of a code that is no badge."""
    return [scan(client, desk, "garbage", **token).status_code for _ in range(count)]


def test_scanning_is_rate_limited(app, client, desk, monkeypatch):
    monkeypatch.setitem(app.config, "SCAN_RATE_LIMIT", "3 per minute")
    assert statuses(client, desk, 4) == [200, 200, 200, 429]


def test_the_budget_counts_per_device(app, client, desk, monkeypatch):
    monkeypatch.setitem(app.config, "SCAN_RATE_LIMIT", "2 per minute")
    mine = statuses(client, desk, 3)
    with app.app_context():
        other, _row = create_token("Gate B", Role.STAFF)
        db.session.commit()
    assert (mine, statuses(client, desk, 1, token=other)) == ([200, 200, 429], [200])


def test_every_part_of_a_budget_counts(app, client, desk, monkeypatch):
    monkeypatch.setitem(app.config, "SCAN_RATE_LIMIT", "10 per minute; 2 per hour")
    assert statuses(client, desk, 3) == [200, 200, 429]


def test_made_up_tokens_share_their_address_budget(app, client, desk, monkeypatch):
    monkeypatch.setitem(app.config, "SCAN_RATE_LIMIT", "3 per minute")
    guesses = [statuses(client, desk, 1, token=f"guess-{n}")[0] for n in range(4)]
    assert guesses == [401, 401, 401, 429]
    assert statuses(client, desk, 1) == [200]  # the real device keeps its own budget
