"""Check-in benchmark: how many badge scans a second the door API answers, and how fast.

It prints figures; nothing passes or fails on speed, and it exits 0 once it has run, whatever
the figures are (a database that cannot be used is reported and skipped; so is PostgreSQL
when its scratch database exists already, as another run may be using it).

For SQLite (a temporary file) and then PostgreSQL (a scratch database ``forum_bench_checkin``,
created and dropped), the script seeds one current edition with 2,000 approved delegates, each
with a badge (bulk inserts), plus a few more badges used only to warm the workers up, and a
staff device token (``create_token``). Then, one after the other, it serves under
``gunicorn --workers 2`` (sync workers, as production does):

- a bare Flask app whose one POST route parses the JSON body and answers ``{"status": "ok"}``;
- a one-INSERT Flask app: the same route does one ``INSERT … ON CONFLICT DO NOTHING`` into a
  table of its own and commits, through SQLAlchemy on the same database (the least a scan
  that records itself can cost);
- the real app, ``wsgi:app`` as production serves it (FORCE_HTTPS=0, the scan rate limit lifted, its
  rate limits in Redis at ``--redis-url`` as in production, or in memory when none answers),
  first with its doors' lane turned off (``DOOR_LANE=0``: every scan through Flask's request
  hooks), then, its check-ins deleted so that both loads meet the same badges, as it runs,

and drives each for 10 s with ``wrk`` (2 threads, 16 connections; installed from Debian when
missing, or replaced by a Python load generator when it cannot be), every request a
``POST /api/v1/checkins`` with the device's bearer token, a fresh nonce and the next badge's QR
text: distinct codes across connections until all 2,000 are used, then again from the first
(those later scans answer ``already_checked_in``). An answer counts as an error unless it is a
200 whose body has a ``status``; socket errors and timeouts count too.

Figures: scans/s (answers that are not errors, per second), p50/p99/max latency as wrk measures
it (request written to answer read, so queueing for a worker included), errors, the answers by
status, the ratios to the one-INSERT and the bare endpoints, to the app with its lane off and
to the 252 scans/s measured before the doors' fast path, and afterwards the ``ok``
check-in rows (never more than the distinct codes sent, at most one per badge), and one scan
timed in-process through the test client with its SQL statements counted. Last,
``bench/badges.py``'s measurement of 1,000 badges on A4 sheets, in a separate process so its
peak memory is its own.

Targets: scans/s at least half the one-INSERT endpoint's and a quarter of the bare
endpoint's requests/s, p99 ≤ 25 ms, zero errors;
badges in ≤ 5 s and ≤ 200 MB.

Usage, from the repository root::

    .venv/bin/python bench/checkin.py
    .venv/bin/python bench/checkin.py --databases sqlite --seconds 5 --profile
    .venv/bin/python bench/checkin.py --postgres-url postgresql+psycopg://postgres@db:5432/postgres
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `config` lives at the root

import gunicorn
import redis
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import joinedload

from bench.common import (
    ROOT,
    SEEDED_AT,
    BenchError,
    Server,
    add_edition,
    city_rows,
    count_statements,
    deleted_afterwards,
    engine_of,
    gunicorn_server,
    insert_returning_ids,
    make_app,
    mark,
    percentile,
    postgres_scratch,
    profiled,
    registration_row,
    run_together,
    stop_on_sigterm,
    timed,
    user_row,
    versions,
)
from forum.auth.models import Role, User
from forum.auth.tokens import create_token
from forum.badges.models import Badge, new_badge_code
from forum.badges.services import qr_text
from forum.checkin.models import CheckIn, ScanStatus
from forum.cities.models import City
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration

SCAN_PATH = "/api/v1/checkins"
SCRATCH_DATABASE = "forum_bench_checkin"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
COUNTRIES = ("MA", "SL", "FR", "ES", "BR", "CA", "PL", "VN", "TR", "CH")

DELEGATES = 2_000
WARMUP_BADGES = 16  # extra delegates scanned only while warming up, outside the figures
CITIES = 100
WORKERS = 2
CONNECTIONS = 16
THREADS = 2
SECONDS = 10.0
IN_PROCESS_RUNS = 50

INSERT_RATIO_TARGET = 0.5
BARE_RATIO_TARGET = 0.25
# POST /api/v1/checkins on PostgreSQL as issue 15 measured it before the doors' fast path.
MEASURED_BEFORE = 252.0
P99_TARGET_MS = 25.0
BADGES = 1_000
BADGE_TIME_TARGET_S = 5.0
BADGE_MEMORY_TARGET_MB = 200.0

REQUEST_TIMEOUT_S = 10.0
# Production needs its public address; the servers listen on 127.0.0.1 (a trusted host then).
PUBLIC_BASE_URL = "http://127.0.0.1"
INSTALL_TIMEOUT_S = 300.0

APP_MODULE = """\
from wsgi import app  # as production serves it: FORUM_CONFIG is unset, so production
"""
BARE_MODULE = """\
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/api/v1/checkins")
def scan():
    request.get_json()
    return jsonify({"status": "ok"})
"""
# The second baseline: the least a scan must do on the same database, one INSERT … ON
# CONFLICT DO NOTHING and a commit, through SQLAlchemy on one pooled connection per worker.
INSERT_MODULE = """\
import datetime, os

import sqlalchemy as sa
from flask import Flask, jsonify, request

engine = sa.create_engine(os.environ["DATABASE_URL"], pool_size=1)
app = Flask(__name__)
STATEMENT = sa.text(
    "INSERT INTO bench_scans (nonce, code, scanned_at) VALUES (:nonce, :code, :at)"
    " ON CONFLICT DO NOTHING"
)


@app.post("/api/v1/checkins")
def scan():
    body = request.get_json() or {}
    values = {"nonce": str(body.get("nonce", "")), "code": str(body.get("code", ""))}
    with engine.begin() as connection:
        connection.execute(STATEMENT, values | {"at": datetime.datetime.now(datetime.UTC)})
    return jsonify({"status": "ok"})
"""
BASELINE_TABLE = (
    "CREATE TABLE bench_scans (nonce VARCHAR(64) PRIMARY KEY, code VARCHAR(200) NOT NULL,"
    " scanned_at TIMESTAMP WITH TIME ZONE NOT NULL)"
)
# bench/badges.py's measure() (argv: its path, count, runs), printed as one JSON line. Linux
# carries ru_maxrss over exec, so a child would report this process's size: its peak resident
# size is read from VmHWM instead, which belongs to the new address space.
BADGE_CHILD = """\
import dataclasses, importlib.util, json, pathlib, sys
spec = importlib.util.spec_from_file_location("bench_badges", sys.argv[1])
badges = sys.modules["bench_badges"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(badges)
figures = dataclasses.asdict(badges.measure(int(sys.argv[2]), "a4", int(sys.argv[3])))
status = pathlib.Path("/proc/self/status")
for line in status.read_text().splitlines() if status.exists() else ():
    if line.startswith("VmHWM:"):
        figures["rss_mb"] = int(line.split()[1]) * 1024 / 1e6
print(json.dumps(figures))
"""
# The wrk script: each thread takes codes id, id + threads, id + 2 threads... (wrapping),
# makes a nonce that is unique by construction (thread id and request count in it), and
# counts the answers by status; done() prints what the Python side parses.
WRK_SCRIPT = """\
local codes_file = "%(codes_file)s"
local threads_count = %(threads)d
local token = "%(token)s"
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  codes = {}
  for line in io.lines(codes_file) do codes[#codes + 1] = line end
  math.randomseed(os.time() + id * 7919 + math.floor(os.clock() * 1e6))
  run = string.format("%%08x", math.random(0, 0x7fffffff))
  sent, ok, already, other, errors, first_error = 0, 0, 0, 0, 0, ""
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
end

function request()
  local code = codes[(id + sent * threads_count) %% #codes + 1]
  sent = sent + 1
  local nonce = string.format("%%s-%%04x-4%%03x-%%04x-%%012x", run, id,
    math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), sent)
  return wrk.format(nil, "%(path)s", nil,
    '{"code":"' .. code .. '","nonce":"' .. nonce .. '"}')
end

function response(status, headers, body)
  local answer = status == 200 and body:match('"status"%%s*:%%s*"([%%w_]+)"')
  if not answer then
    errors = errors + 1
    if first_error == "" then first_error = status .. " " .. body:sub(1, 200) end
  elseif answer == "ok" then ok = ok + 1
  elseif answer == "already_checked_in" then already = already + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench duration_us %%d\\n", summary.duration))
  io.write(string.format("bench requests %%d\\n", summary.requests))
  io.write(string.format("bench socket_errors %%d\\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("bench socket_detail connect %%d, read %%d, write %%d, timeout %%d\\n",
    e.connect, e.read, e.write, e.timeout))
  for _, q in ipairs({50, 99}) do
    io.write(string.format("bench p%%d_us %%d\\n", q, latency:percentile(q)))
  end
  io.write(string.format("bench max_us %%d\\n", latency.max))
  for _, thread in ipairs(threads) do
    io.write(string.format("bench thread %%d %%d %%d %%d %%d %%d\\n", thread:get("id"),
      thread:get("sent"), thread:get("ok"), thread:get("already"), thread:get("other"),
      thread:get("errors")))
    local first = thread:get("first_error")
    if first ~= "" then io.write("bench first_error " .. first:gsub("\\n", " ") .. "\\n") end
  end
end
"""


@dataclass(frozen=True)
class Settings:
    """The command line's choices."""

    databases: tuple[str, ...]
    postgres_url: str
    seconds: float
    connections: int
    threads: int
    workers: int
    delegates: int
    load: str  # "wrk" or "python"
    badge_runs: int  # 0: no badge figures
    profile: bool
    redis_url: str  # "" when no Redis answers: rate limits counted in each worker's memory


# --------------------------------------------------------------------------- database


@contextmanager
def scratch_database(kind: str, postgres_url: str, folder: Path) -> Iterator[tuple[str, str]]:
    """(URL, description) of an empty database of ``kind``, removed afterwards."""
    if kind == "sqlite":
        path = folder / "checkin.sqlite3"
        with deleted_afterwards(path):
            yield f"sqlite:///{path}", "SQLite (temporary file)"
        return
    server = sa.engine.make_url(postgres_url)
    if server.get_backend_name() != "postgresql":
        raise BenchError(f"--postgres-url must name a PostgreSQL server, not {server.drivername}.")
    with postgres_scratch(server, SCRATCH_DATABASE) as scratch:
        yield scratch


def production_app(url: str, secret_key: str) -> Flask:
    """The production app on ``url`` in this process (seeding, checks), schema created."""
    return make_app(
        "production",
        url,
        SECRET_KEY=secret_key,
        PUBLIC_BASE_URL=PUBLIC_BASE_URL,
        EXTRA_TRUSTED_HOSTS=["localhost"],  # the in-process test client's host
        FORCE_HTTPS=False,
        SCAN_RATE_LIMIT="1000000 per minute",
        RATELIMIT_STORAGE_URI="memory://",
    )


# --------------------------------------------------------------------------- seeding


@dataclass(frozen=True)
class Seeded:
    """What the seeding made: the QR texts to scan, the warm-up ones, the device token."""

    codes: list[str]
    warmup_codes: list[str]
    warmup_badge_ids: list[int]
    token: str
    seconds: float


def seed(app: Flask, delegates: int) -> Seeded:
    """The current edition, its approved delegates with a badge each, a staff device token."""
    start = time.perf_counter()
    total = delegates + WARMUP_BADGES
    with app.app_context():
        edition = add_edition()
        city_ids = insert_returning_ids(City, city_rows(CITIES, COUNTRIES))
        user_ids = insert_returning_ids(User, user_rows(total))
        registration_ids = insert_returning_ids(
            Registration, registration_rows(edition, user_ids, city_ids)
        )
        badge_ids = insert_returning_ids(
            Badge,
            [
                {"registration_id": rid, "code": new_badge_code(), "issued_at": SEEDED_AT}
                for rid in registration_ids
            ],
        )
        token, _row = create_token("bench scanner", Role.STAFF)
        db.session.commit()
        texts = qr_texts(badge_ids)
        db.session.remove()
    return Seeded(
        codes=texts[:delegates],
        warmup_codes=texts[delegates:],
        warmup_badge_ids=badge_ids[delegates:],
        token=token,
        seconds=time.perf_counter() - start,
    )


def user_rows(count: int) -> list[dict[str, Any]]:
    """The delegates' accounts."""
    return [user_row(f"delegate{n}@bench.example", f"Delegate {n}") for n in range(count)]


def registration_rows(
    edition: Edition, user_ids: Sequence[int], city_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """An approved registration for each user, in the cities in turn."""
    return [
        registration_row(
            edition,
            user_id,
            city_ids[n % len(city_ids)],
            ("Delegate", str(n)),
            secrets.token_urlsafe(24),
        )
        | {"name_key": f"delegate {n}"}
        for n, user_id in enumerate(user_ids)
    ]


def qr_texts(badge_ids: Sequence[int]) -> list[str]:
    """The QR texts of the badges, in the order of ``badge_ids`` (made by ``qr_text``)."""
    badges = db.session.scalars(
        sa.select(Badge).options(joinedload(Badge.registration).joinedload(Registration.edition))
    ).all()
    by_id = {badge.id: qr_text(badge) for badge in badges}
    return [by_id[badge_id] for badge_id in badge_ids]


# --------------------------------------------------------------------------- servers


def write_modules(folder: Path) -> None:
    """The WSGI modules gunicorn serves: the real app and the two baselines."""
    (folder / "bench_app.py").write_text(APP_MODULE)
    (folder / "bench_bare.py").write_text(BARE_MODULE)
    (folder / "bench_insert.py").write_text(INSERT_MODULE)


def server_env(url: str, secret_key: str, redis_url: str) -> dict[str, str]:
    """The environment of the gunicorn processes: production settings on ``url``."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "FORUM_CONFIG"}}
    return (
        env
        | ({"REDIS_URL": redis_url} if redis_url else {})
        | {
            "DATABASE_URL": url,
            "SECRET_KEY": secret_key,
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
            "FORCE_HTTPS": "0",
            "SCAN_RATE_LIMIT": "1000000 per minute",
        }
    )


@contextmanager
def module_server(module: str, folder: Path, env: dict[str, str], workers: int) -> Iterator[Server]:
    """``gunicorn --workers N module:app`` on a free port, once it answers HTTP; then stopped."""
    with gunicorn_server(
        f"{module}:app",
        workers=workers,
        env=env,
        logs=folder,
        probe=lambda server: post(server, {}, ""),
        options=[f"--chdir={folder}", f"--pythonpath={ROOT}"],
    ) as server:
        yield server


def post(server: Server, body: dict[str, str], token: str) -> tuple[int, bytes]:
    """One scan POSTed on a fresh connection: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=REQUEST_TIMEOUT_S)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    try:
        connection.request("POST", SCAN_PATH, body=json.dumps(body), headers=headers)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def warm_up(server: Server, codes: Sequence[str], token: str) -> None:
    """Scan the warm-up badges concurrently, twice, so every worker has served a few."""
    failures: list[str] = []

    def scan(code: str) -> None:
        """One scan of ``code``, its failure noted."""
        status, body = post(server, {"code": code, "nonce": str(uuid.uuid4())}, token)
        if status != 200 or b'"status"' not in body:
            failures.append(f"{status} {body[:200]!r}")

    for _round in range(2):
        run_together(scan, [(code,) for code in codes])
    if failures:
        raise BenchError(f"Warm-up scans failed: {failures[0]}\n{server.log_tail()}")


# --------------------------------------------------------------------------- load


@dataclass
class Load:
    """What one load run measured (latencies in ms)."""

    seconds: float
    requests: int  # answers received, errors included
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    error_note: str
    statuses: Counter[str]
    distinct_codes: int  # distinct codes sent (answered or not)

    @property
    def rate(self) -> float:
        """Answers that are not errors, per second."""
        return (self.requests - self.errors) / self.seconds if self.seconds else 0.0


def ensure_wrk() -> tuple[str | None, str]:
    """(path of wrk or None, a note): installed from Debian when missing and we are root."""
    found = shutil.which("wrk")
    if found:
        return found, ""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "wrk is missing and cannot be installed here (not root or no apt-get)"
    print("wrk is missing: apt-get install -y wrk ...", flush=True)
    for steps in (("install",), ("update", "install")):
        for step in steps:
            apt_get(step)
        found = shutil.which("wrk")
        if found:
            return found, "wrk installed from Debian"
    return None, "apt-get install -y wrk failed"


def apt_get(step: str) -> None:
    """``apt-get update`` or ``apt-get install -y wrk``, quietly; failures show as no wrk."""
    command = ["apt-get", "update"] if step == "update" else ["apt-get", "install", "-y", "wrk"]
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    with suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(
            command, env=env, capture_output=True, timeout=INSTALL_TIMEOUT_S, check=False
        )


def write_wrk_script(folder: Path, codes: Sequence[str], token: str, threads: int) -> Path:
    """The Lua script and the codes file it reads, in ``folder``."""
    codes_file = folder / "codes.txt"
    codes_file.write_text("\n".join(codes) + "\n")
    script = folder / "checkin.lua"
    script.write_text(
        WRK_SCRIPT
        % {"codes_file": codes_file, "threads": threads, "token": token, "path": SCAN_PATH}
    )
    return script


def run_wrk(wrk: str, server: Server, script: Path, settings: Settings, code_count: int) -> Load:
    """wrk against ``server`` for ``settings.seconds``; its done() output parsed."""
    command = [
        wrk,
        f"--threads={settings.threads}",
        f"--connections={settings.connections}",
        f"--duration={max(1, round(settings.seconds))}s",
        "--timeout=5s",
        f"--script={script}",
        server.url + SCAN_PATH,
    ]
    finished = subprocess.run(
        command, capture_output=True, text=True, timeout=settings.seconds + 60, check=False
    )
    if finished.returncode != 0 or "bench requests" not in finished.stdout:
        raise BenchError(f"wrk failed ({finished.returncode}): {finished.stderr[-500:]}")
    return parse_wrk(finished.stdout, settings.threads, code_count)


def parse_wrk(output: str, threads: int, code_count: int) -> Load:
    """The figures printed by the script's done()."""
    values: dict[str, int] = {}
    notes: list[str] = []
    statuses: Counter[str] = Counter()
    sent_by_thread: dict[int, int] = {}
    for line in output.splitlines():
        if not line.startswith("bench "):
            continue
        key, _, rest = line.removeprefix("bench ").partition(" ")
        if key == "thread":
            number, sent, ok, already, other, errors = (int(v) for v in rest.split())
            sent_by_thread[number] = sent
            statuses.update(ok=ok, already_checked_in=already, other=other)
            values["lua_errors"] = values.get("lua_errors", 0) + errors
        elif key in {"socket_detail", "first_error"}:
            notes.append(f"{key.replace('_', ' ')}: {rest}")
        else:
            values[key] = int(rest)
    distinct = {
        (number + k * threads) % code_count
        for number, sent in sent_by_thread.items()
        for k in range(sent)
    }
    errors = values.get("lua_errors", 0) + values.get("socket_errors", 0)
    return Load(
        seconds=values["duration_us"] / 1e6,
        requests=values["requests"] + values.get("socket_errors", 0),
        p50_ms=values["p50_us"] / 1000,
        p99_ms=values["p99_us"] / 1000,
        max_ms=values["max_us"] / 1000,
        errors=errors,
        error_note="; ".join(notes) if errors else "",
        statuses=+statuses,
        distinct_codes=len(distinct),
    )


def run_python_load(server: Server, codes: Sequence[str], token: str, settings: Settings) -> Load:
    """The fallback: a thread per connection POSTing scans in a loop (slower than wrk)."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    deadline = time.perf_counter() + settings.seconds

    def client() -> None:
        """One connection's loop: the next code, a fresh nonce, until the deadline."""
        while time.perf_counter() < deadline:
            with lock:
                code = codes[next(counter) % len(codes)]
            started = time.perf_counter()
            try:
                status, body = post(server, {"code": code, "nonce": str(uuid.uuid4())}, token)
            except OSError as error:
                with lock:
                    errors[type(error).__name__] += 1
                continue
            took = (time.perf_counter() - started) * 1000
            answer = re.search(rb'"status"\s*:\s*"(\w+)"', body) if status == 200 else None
            with lock:
                latencies.append(took)
                if answer is None:
                    errors[f"HTTP {status}"] += 1
                else:
                    statuses[answer.group(1).decode()] += 1

    started = time.perf_counter()
    run_together(client, [()] * settings.connections)
    sent = next(counter)
    return Load(
        seconds=time.perf_counter() - started,
        requests=len(latencies) + sum(errors.values()),
        p50_ms=percentile(latencies, 50),
        p99_ms=percentile(latencies, 99),
        max_ms=max(latencies, default=math.nan),
        errors=sum(errors.values()),
        error_note=", ".join(f"{kind} ×{n}" for kind, n in errors.most_common(3)),
        statuses=statuses,
        distinct_codes=min(sent, len(codes)),
    )


# --------------------------------------------------------------------------- checks


def ok_rows(app: Flask, seeded: Seeded) -> tuple[int, int]:
    """(check-ins with status ok, distinct badges among them), the warm-up badges left out."""
    with app.app_context():
        ok = (
            sa.select(CheckIn.badge_id)
            .where(
                CheckIn.status == ScanStatus.OK,
                CheckIn.badge_id.not_in(seeded.warmup_badge_ids),
            )
            .subquery()
        )
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(ok)) or 0
        badges = db.session.scalar(sa.select(sa.func.count(sa.distinct(ok.c.badge_id)))) or 0
        db.session.remove()
    return rows, badges


@dataclass(frozen=True)
class InProcess:
    """One scan timed in this process through the test client, its statements counted."""

    median_ms: float
    statements: int
    statuses: Counter[str]
    profile: str


def in_process(app: Flask, codes: Sequence[str], token: str, profile: bool) -> InProcess:
    """Median of IN_PROCESS_RUNS scans through the test client (the load's codes again)."""
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    statuses: Counter[str] = Counter()
    scans = itertools.cycle(codes)

    def once() -> None:
        """One scan of the next code with a fresh nonce, its answer counted."""
        body = {"code": next(scans), "nonce": str(uuid.uuid4())}
        answer = client.post(SCAN_PATH, json=body, headers=headers).get_json(silent=True) or {}
        statuses[str(answer.get("status", "error"))] += 1

    once()  # this process's first request: imports, lazy loads
    samples = [timed(once) for _ in range(IN_PROCESS_RUNS)]
    return InProcess(
        statistics.median(samples),
        count_statements(once),
        statuses,
        profiled(once, IN_PROCESS_RUNS) if profile else "",
    )


# --------------------------------------------------------------------------- one database


@dataclass
class Outcome:
    """What one database's run measured."""

    description: str
    seeded: Seeded
    bare: Load
    insert: Load
    without_lane: Load
    scans: Load
    ok_rows: int
    ok_badges: int
    in_process: InProcess

    @property
    def lane_ratio(self) -> float:
        """The app's scans/s over its own with the doors' lane turned off."""
        off = self.without_lane.rate
        return self.scans.rate / off if off else math.nan

    @property
    def ratio(self) -> float:
        """The app's scans/s over the bare endpoint's requests/s."""
        return self.scans.rate / self.bare.rate if self.bare.rate else math.nan

    @property
    def insert_ratio(self) -> float:
        """The app's scans/s over the one-INSERT endpoint's requests/s."""
        return self.scans.rate / self.insert.rate if self.insert.rate else math.nan


def bench_database(kind: str, settings: Settings, wrk: str | None, folder: Path) -> Outcome | None:
    """Seed, serve, load the bare endpoint and the app, check the rows; None if it cannot run."""
    secret_key = secrets.token_hex(32)
    try:
        with scratch_database(kind, settings.postgres_url, folder) as (url, description):
            print(f"\n{description}: seeding ...", flush=True)
            app = production_app(url, secret_key)
            try:
                return measure_database(app, url, description, secret_key, settings, wrk, folder)
            finally:
                engine_of(app).dispose()
    except (BenchError, sa.exc.OperationalError, subprocess.TimeoutExpired) as error:
        print(f"{kind}: could not run: {error}", flush=True)
        return None


def measure_database(
    app: Flask,
    url: str,
    description: str,
    secret_key: str,
    settings: Settings,
    wrk: str | None,
    folder: Path,
) -> Outcome:
    """The seeding and the two loads on one database."""
    seeded = seed(app, settings.delegates)
    script = write_wrk_script(folder, seeded.codes, seeded.token, settings.threads)
    env = server_env(url, secret_key, settings.redis_url)
    loads: dict[str, Load] = {}
    with engine_of(app).begin() as connection:
        connection.exec_driver_sql(BASELINE_TABLE)
    runs = (
        ("bench_bare", "bench_bare", {}),
        ("bench_insert", "bench_insert", {}),
        ("without_lane", "bench_app", {"DOOR_LANE": "0"}),
        ("bench_app", "bench_app", {"DOOR_LANE": "1"}),
    )
    for name, module, settings_env in runs:
        if name == "bench_app":  # the same badges, unscanned, as the run without the lane
            with engine_of(app).begin() as connection:
                connection.execute(sa.delete(CheckIn))
        with module_server(module, folder, env | settings_env, settings.workers) as server:
            warm_up(server, seeded.warmup_codes, seeded.token)
            if wrk and settings.load == "wrk":
                loads[name] = run_wrk(wrk, server, script, settings, len(seeded.codes))
            else:
                loads[name] = run_python_load(server, seeded.codes, seeded.token, settings)
    rows, badges = ok_rows(app, seeded)
    return Outcome(
        description=description,
        seeded=seeded,
        bare=loads["bench_bare"],
        insert=loads["bench_insert"],
        without_lane=loads["without_lane"],
        scans=loads["bench_app"],
        ok_rows=rows,
        ok_badges=badges,
        in_process=in_process(app, seeded.codes, seeded.token, settings.profile),
    )


# --------------------------------------------------------------------------- badges


@dataclass(frozen=True)
class BadgeFigures:
    """bench/badges.py's figures for 1,000 badges on A4 sheets."""

    seconds: float
    runs: int
    peak_mb: float
    rss_mb: float
    size_mb: float


def badge_figures(runs: int) -> BadgeFigures:
    """Run bench/badges.py's measure() in a separate process, so its peak memory is its own."""
    script = ROOT / "bench" / "badges.py"
    finished = subprocess.run(
        [sys.executable, "-c", BADGE_CHILD, str(script), str(BADGES), str(runs)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=ROOT,
    )
    if finished.returncode != 0:
        raise BenchError(f"the badge measurement failed: {finished.stderr[-500:]}")
    figures = json.loads(finished.stdout.splitlines()[-1])
    return BadgeFigures(**{name: figures[name] for name in BadgeFigures.__dataclass_fields__})


# --------------------------------------------------------------------------- output


def print_header(settings: Settings, load_note: str) -> None:
    """What is measured, and how."""
    print(
        f"Check-in benchmark; {versions()},"
        f" gunicorn {gunicorn.__version__} ({settings.workers} sync workers), {os.cpu_count()}"
        " CPUs shared by the servers, the database and the load generator (load average"
        f" {os.getloadavg()[0]:.1f} before the run); the app's rate limits in"
        f" {'Redis ' + settings.redis_url if settings.redis_url else 'each worker (no Redis)'}"
    )
    print(
        f"Load: POST {SCAN_PATH}, {settings.connections} connections for {settings.seconds:g} s,"
        f" {load_note}; {settings.delegates:,} distinct badge codes, then again from the first"
        " (already_checked_in)"
    )


def print_outcome(outcome: Outcome) -> None:
    """One database's figures and targets."""
    bare, scans = outcome.bare, outcome.scans
    print(
        f"{outcome.description}: {len(outcome.seeded.codes):,} approved delegates with badges"
        f" seeded in {outcome.seeded.seconds:.1f} s"
    )
    print(
        f"  {'':28} {'per s':>9} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}  answers"
    )
    rows = (
        ("bare Flask endpoint", bare),
        ("one INSERT and commit", outcome.insert),
        ("the app, its lane off", outcome.without_lane),
        (f"POST {SCAN_PATH}", scans),
    )
    for label, load in rows:
        answers = ", ".join(f"{status} ×{n:,}" for status, n in load.statuses.most_common())
        print(
            f"  {label:28} {load.rate:9,.1f} {load.p50_ms:8.1f} {load.p99_ms:8.1f}"
            f" {load.max_ms:8.1f} {load.errors:7,}  {answers}"
        )
        if load.error_note:
            print(f"  {'':28} {load.error_note}")
    ratio_met = outcome.ratio >= BARE_RATIO_TARGET
    insert_met = outcome.insert_ratio >= INSERT_RATIO_TARGET
    p99_met = scans.p99_ms <= P99_TARGET_MS
    print(
        f"  ratio to the one-INSERT endpoint {outcome.insert_ratio:.2f}"
        f" (target ≥ {INSERT_RATIO_TARGET:g} {mark(insert_met)}),"
        f" to the bare endpoint {outcome.ratio:.2f} (target ≥ {BARE_RATIO_TARGET:g}"
        f" {mark(ratio_met)}), to the app with its lane off {outcome.lane_ratio:.2f}×,"
        f" to {MEASURED_BEFORE:g} scans/s measured before this work"
        f" {scans.rate / MEASURED_BEFORE:.2f}×;"
        f" p99 {scans.p99_ms:.1f} ms (target ≤ {P99_TARGET_MS:g} ms {mark(p99_met)}),"
        f" errors {scans.errors:,} (target 0 {mark(scans.errors == 0)})"
    )
    received = scans.statuses["ok"]
    rows_met = received <= outcome.ok_rows <= scans.distinct_codes
    rows_met = rows_met and outcome.ok_rows == outcome.ok_badges
    print(
        f"  check-ins: {outcome.ok_rows:,} ok rows for {outcome.ok_badges:,} badges;"
        f" {scans.distinct_codes:,} distinct codes sent, {received:,} ok answers received"
        f" (ok answers ≤ rows ≤ codes sent, one row a badge {mark(rows_met)})"
    )
    timing = outcome.in_process
    answers = ", ".join(f"{status} ×{n}" for status, n in timing.statuses.most_common())
    print(
        f"  in-process (test client, after the load): {timing.median_ms:.1f} ms a scan (median"
        f" of {IN_PROCESS_RUNS}), {timing.statements} SQL statements; answers: {answers}"
    )


def print_badges(figures: BadgeFigures) -> None:
    """The badge rendering figures and targets."""
    memory = max(figures.rss_mb, figures.peak_mb)
    print(f"\nBadges: {BADGES:,} on A4 sheets (bench/badges.py's measure(), separate process)")
    print(
        f"  time   {figures.seconds:6.2f} s (median of {figures.runs};"
        f" PDF {figures.size_mb:.2f} MB)"
        f"  target ≤ {BADGE_TIME_TARGET_S:g} s {mark(figures.seconds <= BADGE_TIME_TARGET_S)}"
    )
    print(
        f"  memory {memory:6.1f} MB peak resident (tracemalloc peak {figures.peak_mb:.1f} MB)"
        f"  target ≤ {BADGE_MEMORY_TARGET_MB:g} MB {mark(memory <= BADGE_MEMORY_TARGET_MB)}"
    )


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> Settings:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--databases",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument(
        "--postgres-url",
        default=DEFAULT_POSTGRES_URL,
        help="PostgreSQL server (a scratch database forum_bench_checkin is created and dropped)",
    )
    parser.add_argument("--seconds", type=float, default=SECONDS, help="each load (10)")
    parser.add_argument("--connections", type=int, default=CONNECTIONS, help="(16)")
    parser.add_argument("--threads", type=int, default=THREADS, help="wrk threads (2)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers (2)")
    parser.add_argument("--delegates", type=int, default=DELEGATES, help="badges (2000)")
    parser.add_argument(
        "--load", choices=("wrk", "python"), default="wrk", help="load generator (wrk)"
    )
    parser.add_argument(
        "--badge-runs", type=int, default=3, help="timed badge renderings (3; 0: none)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of in-process scans"
    )
    parser.add_argument(
        "--redis-url",
        default=DEFAULT_REDIS_URL,
        help="Redis for the app's rate limits, as in production (memory when it does not answer)",
    )
    args = parser.parse_args(argv)
    databases = tuple(name.strip() for name in args.databases.split(",") if name.strip())
    if not databases or set(databases) - {"sqlite", "postgresql"}:
        parser.error("--databases takes sqlite and/or postgresql")
    if args.seconds < 1 or min(args.connections, args.threads, args.workers, args.delegates) < 1:
        parser.error("--seconds must be at least 1; counts at least 1")
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    return Settings(
        databases=databases,
        postgres_url=args.postgres_url,
        seconds=args.seconds,
        connections=args.connections,
        threads=args.threads,
        workers=args.workers,
        delegates=args.delegates,
        load=args.load,
        badge_runs=max(args.badge_runs, 0),
        profile=args.profile,
        redis_url=args.redis_url if redis_answers(args.redis_url) else "",
    )


def redis_answers(url: str) -> bool:
    """True when a Redis server answers PING at ``url``."""
    if not url:
        return False
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def bench(settings: Settings) -> None:
    """Every database, then the badges; the figures printed as they come."""
    wrk, note = ensure_wrk() if settings.load == "wrk" else (None, "")
    if wrk and settings.load == "wrk":
        load_note = f"wrk {settings.threads} threads" + (f" ({note})" if note else "")
    else:
        reason = note or "--load python"
        load_note = f"Python threads with http.client ({reason}; slower than wrk)"
    print_header(settings, load_note)
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="forum-bench-checkin-") as tmp:
        folder = Path(tmp)
        write_modules(folder)
        for kind in settings.databases:
            outcome = bench_database(kind, settings, wrk, folder)
            if outcome is not None:
                print_outcome(outcome)
                outcomes.append(outcome)
    if settings.badge_runs:
        try:
            print_badges(badge_figures(settings.badge_runs))
        except (BenchError, subprocess.TimeoutExpired) as error:
            print(f"\nBadges: could not run: {error}")
    for outcome in outcomes:
        if outcome.in_process.profile:
            print(f"\ncProfile of {IN_PROCESS_RUNS} in-process scans on {outcome.description}:")
            print(textwrap.indent(outcome.in_process.profile, "  "))


def main(argv: list[str] | None = None) -> int:
    """0 once it has run, whatever the figures; 130 on Ctrl-C (after cleaning up)."""
    settings = parse_args(argv)
    stop_on_sigterm()
    try:
        bench(settings)
    except KeyboardInterrupt:
        print("\nInterrupted; the servers are stopped and the scratch databases removed.")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
