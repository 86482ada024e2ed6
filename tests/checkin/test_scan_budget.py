"""The scan budget is counted in Redis, so every worker spends the same one; while Redis
does not answer, each process counts on its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import redis
from flask import Flask
from limits import parse
from limits.storage import MemoryStorage, RedisStorage
from limits.strategies import FixedWindowRateLimiter

from forum.api.leases import HELD_BEFORE_SWEEP, Leases
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
url, storage, token, code, count, limit = sys.argv[1:7]
app = create_app(
    "testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI=storage,
    SCAN_RATE_LIMIT=limit,
)
client = app.test_client()
answers = []
for _ in range(int(count)):
    body = {"code": code, "nonce": str(uuid.uuid4())}
    reply = client.post("/api/v1/checkins", json=body, headers={"Authorization": "Bearer " + token})
    answers.append([reply.status_code, reply.headers.get("Retry-After"), reply.get_json()])
print(json.dumps(answers))
"""


def worker(
    app: Flask, desk, storage: str, count: int, limit: str = "3 per minute"
) -> tuple[list[list[object]], str]:
    """``count`` scans from a separate process: their (status, Retry-After, body), its log."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    argv = [url, storage, desk["token"], desk["codes"]["pending"], str(count), limit]
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


def test_two_workers_spend_one_leased_budget_to_its_limit_exactly(app, desk):
    redis.Redis.from_url(REDIS_URL).flushdb()
    first, _log = worker(app, desk, REDIS_URL, 40, "60 per minute")  # leased two at a time
    second, _log = worker(app, desk, REDIS_URL, 40, "60 per minute")
    statuses = [status for status, _wait, _body in first + second]
    assert statuses == [200] * 60 + [429] * 20


SCANS_A_MINUTE, DEVICE = parse("300/minute"), ("checkins", "token:1")


def redis_count() -> FixedWindowRateLimiter:
    """A device's count in Redis, empty."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    return FixedWindowRateLimiter(RedisStorage(REDIS_URL))


def counted(count: FixedWindowRateLimiter) -> int:
    """The hits of ``SCANS_A_MINUTE`` the count holds for the device."""
    return 300 - count.get_window_stats(SCANS_A_MINUTE, *DEVICE).remaining


def test_a_large_budget_is_taken_from_redis_a_lease_of_ten_hits_at_a_time():
    count, leases = redis_count(), Leases()
    held = []
    for _ in range(21):
        assert leases.hit(count, SCANS_A_MINUTE, *DEVICE)
        held.append(counted(count))
    assert held == [10] * 10 + [20] * 10 + [30]


def test_a_small_budget_is_spent_one_hit_at_a_time():
    strategy, item, leases = FixedWindowRateLimiter(MemoryStorage()), parse("3/minute"), Leases()
    spent = [leases.hit(strategy, item, "checkins", "token:1") for _ in range(4)]
    assert spent == [True, True, True, False]
    assert strategy.get_window_stats(item, "checkins", "token:1").remaining == 0


def test_a_slow_door_over_nine_workers_keeps_its_whole_budget():
    count, clock = redis_count(), Clock()
    workers = [Leases(clock) for _ in range(9)]
    admitted = []
    for n in range(150):  # one scan every third of a second, each worker's every three seconds
        clock.now += 1 / 3
        admitted.append(workers[n % 9].hit(count, SCANS_A_MINUTE, *DEVICE))
    assert admitted == [True] * 150
    assert 150 <= counted(count) < 150 + 9 * 10  # at most a lease per worker not used yet


def test_threads_that_lease_at_once_keep_every_hit_they_leased():
    count, leases, start = redis_count(), Leases(), threading.Barrier(8)

    def scans() -> None:
        start.wait()
        for _ in range(5):
            assert leases.hit(count, SCANS_A_MINUTE, *DEVICE)

    threads = [threading.Thread(target=scans) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    leased = counted(count)  # a lease per thread that found none, at most
    left = [leases.hit(count, SCANS_A_MINUTE, *DEVICE) for _ in range(leased - 40)]
    assert (all(left), counted(count)) == (True, leased)  # every hit leased is served
    assert leases.hit(count, SCANS_A_MINUTE, *DEVICE) and counted(count) == leased + 10


def test_a_lease_dies_with_its_window_and_belongs_to_the_process_and_count_it_came_from():
    redis_count, memory = (
        FixedWindowRateLimiter(RedisStorage(REDIS_URL)),
        FixedWindowRateLimiter(MemoryStorage()),
    )
    leases, key = Leases(), "checkins/token:1"
    leases.keep(redis_count, key, time.time() + 60, 2)
    child = os.fork()
    if child == 0:  # a forked worker starts with no lease of its parent's
        os._exit(0 if not leases.take(redis_count, key, time.time()) else 1)
    _pid, status = os.waitpid(child, 0)
    elsewhere = leases.take(memory, key, time.time())  # Redis came back, or went: a new count
    taken = [leases.take(redis_count, key, time.time()) for _ in range(3)]
    leases.keep(redis_count, key, time.time() + 60, 2)
    ended = leases.take(redis_count, key, time.time() + 61)
    assert os.waitstatus_to_exitcode(status) == 0
    assert (elsewhere, taken, ended) == (False, [True, True, False], False)


def test_leases_of_ended_windows_are_dropped_when_many_budgets_are_held():
    memory, leases = FixedWindowRateLimiter(MemoryStorage()), Leases()
    for n in range(HELD_BEFORE_SWEEP):
        leases.keep(memory, f"checkins/address:{n}", time.time() - 1, 4)  # windows ended
    leases.keep(memory, "checkins/token:1", time.time() + 60, 4)
    assert len(leases) == 1 and leases.take(memory, "checkins/token:1", time.time())


class Clock:
    """Seconds since the epoch as a test moves them on."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


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
