"""Wall benchmark: 200 wall screens poll the endorsement wall with ETags while endorsements arrive.

It prints figures; nothing passes or fails on speed, and it always exits 0 once it has run.
The app is served as in production, ``gunicorn wsgi:app`` with the production configuration
(2 sync workers by default), as a subprocess of this script, on a scratch database holding one
edition, its declaration (open for endorsement) and 300 approved mayors of 300 cities in 60
countries, 150 of whom have endorsed already. Then, for ``--seconds`` (default 20):

- 200 simulated wall screens, a thread each with a keep-alive ``http.client`` connection, GET
  ``/api/v1/declarations/<id>/endorsements`` about once a second (jittered by ±10 %), sending
  the ETag of their last 200 in ``If-None-Match``; their languages are English, French and
  Spanish in turn;
- a writer in this process endorses for the next mayor every 0.5 s through
  ``forum.endorsements.services.endorse`` and commits, so the wall's ETag changes.

Figures: requests, requests/s, the share of 304s, errors, client-measured latency (p50, p95,
p99, max; all answers, 200s, 304s), the workers' own time per request from gunicorn's access
log, the endorsements written, and how stale the screens were: from an endorsement's commit
to each screen's first 200 that lists it; who used the CPUs during the load (from /proc), since
the server, the screens and the database share them; and the view timed in-process.
Target: p99 latency ≤ 20 ms.

Usage, from the repository root::

    .venv/bin/python bench/wall.py                       # SQLite, in a temporary file
    .venv/bin/python bench/wall.py --seconds 60 --profile
    .venv/bin/python bench/wall.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

With PostgreSQL the URL only says which server to use: the script creates its own scratch
database ``forum_bench_wall`` on it and drops it afterwards; no other database is touched.
When ``forum_bench_wall`` exists already it refuses to start: another run may be using it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `config` lives at the root

import gunicorn
import pycountry
from flask import Flask

from bench.common import (
    ROOT,
    BenchError,
    Server,
    add_database_option,
    add_edition,
    add_profile_option,
    city_rows,
    count_statements,
    engine_of,
    gunicorn_server,
    insert_returning_ids,
    make_app,
    mark,
    percentile,
    profiled,
    registration_row,
    run_together,
    scratch_database,
    stop_on_sigterm,
    timed,
    user_row,
    versions,
)
from forum.auth.models import User
from forum.cities.models import City
from forum.db import utcnow
from forum.editions.models import Edition
from forum.endorsements.models import Declaration, DeclarationText, EndorsementMethod
from forum.endorsements.services import endorse
from forum.extensions import db
from forum.registration.models import Registration

SCRATCH_DATABASE = "forum_bench_wall"
# Production needs its public address; the server listens on 127.0.0.1 (a trusted host then).
PUBLIC_BASE_URL = "http://127.0.0.1"
WALL_PATH = "/api/v1/declarations/{id}/endorsements"

MAYORS = 300
COUNTRIES = 60
ENDORSED_BEFORE = 150
SCREENS = 200
WORKERS = 2
SECONDS = 20.0
POLL_EVERY_S = 1.0
WRITE_EVERY_S = 0.5
JITTER = 0.1  # each poll comes 0.9 to 1.1 poll periods after the last one
LANGUAGES = ("en", "fr", "es")
P99_TARGET_MS = 20.0

REQUEST_TIMEOUT_S = 10.0
# An endorsement counts for staleness when every screen had a full poll after it (and this).
STALENESS_MARGIN_S = 0.5
VIEW_RUNS = 30
CPU_USERS = ("gunicorn", "this script", "database server", "other")


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    """The command line's choices."""

    database_url: str | None
    seconds: float
    screens: int
    workers: int
    poll_every: float
    write_every: float
    endorsed: int
    seed: int
    profile: str  # "", "missed" or "all"

    @property
    def mayors(self) -> int:
        """Enough mayors for the endorsements made before and during the run."""
        return max(MAYORS, self.endorsed + math.ceil(self.seconds / self.write_every) + 1)


# --------------------------------------------------------------------------- seeding


@dataclass(frozen=True)
class Seeded:
    """What the seeding made: the declaration, the mayors still to endorse, how long it took."""

    declaration_id: int
    pending: list[int]  # registration ids, in the order the writer endorses them
    countries: int
    seconds: float

    @property
    def path(self) -> str:
        """The wall's address."""
        return WALL_PATH.format(id=self.declaration_id)


def seed(app: Flask, settings: Settings, rng: random.Random) -> Seeded:
    """The edition, its open declaration, the mayors and their cities, the earlier endorsements."""
    start = time.perf_counter()
    with app.app_context():
        edition = add_edition()
        declaration = add_declaration(edition)
        codes = rng.sample(sorted(country.alpha_2 for country in pycountry.countries), COUNTRIES)
        city_ids = insert_returning_ids(City, city_rows(settings.mayors, codes))
        registration_ids = add_mayors(edition, city_ids)
        endorse_before(declaration, registration_ids[: settings.endorsed])
        db.session.commit()
        declaration_id = declaration.id
        db.session.remove()
    return Seeded(
        declaration_id=declaration_id,
        pending=registration_ids[settings.endorsed :],
        countries=len(codes),
        seconds=time.perf_counter() - start,
    )


def add_declaration(edition: Edition) -> Declaration:
    """The Mayors' Declaration in English and French, open since yesterday."""
    declaration = Declaration(
        edition_id=edition.id,
        slug="marrakech-mayors-declaration",
        opens_at=utcnow() - timedelta(days=1),
    )
    db.session.add(declaration)
    db.session.add_all(
        [
            DeclarationText(
                declaration=declaration,
                language="en",
                title="Marrakech Mayors Declaration",
                body="We commit to implementing the Global Compacts in our cities.",
            ),
            DeclarationText(
                declaration=declaration,
                language="fr",
                title="Déclaration des maires de Marrakech",
                body="Nous nous engageons à mettre en œuvre les Pactes mondiaux.",
            ),
        ]
    )
    db.session.flush()
    return declaration


def add_mayors(edition: Edition, city_ids: Sequence[int]) -> list[int]:
    """An approved mayor (user and registration) for each city; the registration ids."""
    user_ids = insert_returning_ids(
        User, [user_row(f"mayor{n}@bench.example", f"Mayor {n}") for n in range(len(city_ids))]
    )
    return insert_returning_ids(
        Registration,
        [
            registration_row(
                edition, user_id, city_id, ("Mayor", str(n)), secrets.token_urlsafe(24)
            )
            for n, (user_id, city_id) in enumerate(zip(user_ids, city_ids, strict=True))
        ],
    )


def endorse_before(declaration: Declaration, registration_ids: Sequence[int]) -> None:
    """Endorsements made online before the run, a minute apart, through the service."""
    opened = declaration.opens_at or utcnow()
    for n, registration_id in enumerate(registration_ids):
        registration = db.session.get_one(Registration, registration_id)
        endorse(
            declaration,
            registration,
            method=EndorsementMethod.ONLINE,
            name=registration.full_name,
            title=registration.position_title,
            now=opened + timedelta(minutes=n + 1),
        )


# --------------------------------------------------------------------------- server


@contextmanager
def production_server(
    url: str, secret_key: str, workers: int, path: str
) -> Iterator[tuple[Server, Path]]:
    """Production ``gunicorn wsgi:app`` on ``url``, up once ``path`` answers 200; its access log."""
    with tempfile.TemporaryDirectory(prefix="forum-bench-wall-logs-") as logs:
        access_log = Path(logs) / "access.log"
        env = os.environ | {
            "FORUM_CONFIG": "production",
            "SECRET_KEY": secret_key,
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
            "DATABASE_URL": url,
            "FORCE_HTTPS": "0",
        }
        options = [
            f"--access-logfile={access_log}",
            "--access-logformat=%(s)s %(D)s",  # status, microseconds spent in the worker
        ]
        with gunicorn_server(
            "wsgi:app",
            workers=workers,
            env=env,
            logs=Path(logs),
            probe=lambda server: answers_200(server, path),
            options=options,
            cwd=ROOT,
        ) as server:
            yield server, access_log


def answers_200(server: Server, path: str) -> None:
    """Nothing if ``path`` answers 200; BenchError for another status, OSError if no answer."""
    status = fetch(server, path)
    if status != 200:
        raise BenchError(f"GET {path} answered {status}, not 200:\n{server.log_tail()}")


def fetch(server: Server, path: str, **headers: str) -> int:
    """The status of one GET on a fresh connection (its body read and dropped)."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def warm_up(server: Server, path: str, workers: int) -> None:
    """A few rounds of concurrent GETs in every language, so each worker has served some."""
    failures: list[str] = []

    def get(language: str) -> None:
        try:
            status = fetch(server, path, **{"Accept-Language": language})
        except (OSError, http.client.HTTPException) as error:
            failures.append(f"{language}: {error!r}")
            return
        if status != 200:
            failures.append(f"{language}: {status}")

    for _round in range(3):
        run_together(get, [(LANGUAGES[n % len(LANGUAGES)],) for n in range(4 * workers)])
    if failures:
        raise BenchError(f"Warm-up GETs failed: {', '.join(failures)}")


# --------------------------------------------------------------------------- load


@dataclass(frozen=True)
class Plan:
    """When the load starts and ends, and how often screens poll and the writer writes."""

    start: float  # time.perf_counter() values
    deadline: float
    poll_every: float
    write_every: float
    seed: int


@dataclass
class Screen:
    """One wall screen: its answers, its failures, and when it first listed each city."""

    number: int
    language: str
    samples: list[tuple[int, float]] = field(default_factory=list)  # (status, ms)
    errors: Counter[str] = field(default_factory=Counter)
    seen: dict[str, float] = field(default_factory=dict)  # city -> first 200 listing it
    kept_alive: int = 0  # answers after which the server kept the connection open


@dataclass(frozen=True)
class Written:
    """An endorsement the writer committed: for which city, when, and how long it took."""

    city: str
    committed_at: float  # time.perf_counter()
    took_ms: float


@dataclass
class Load:
    """Everything the run produced."""

    plan: Plan
    screens: list[Screen]
    written: list[Written]
    writer_errors: Counter[str]
    elapsed: float
    worker_ms: dict[int, list[float]]  # status -> worker time of each request (access log)
    cpu: dict[str, float]  # who used the machine's CPUs during the load: share of their capacity


def poll(screen: Screen, server: Server, path: str, plan: Plan, stop: threading.Event) -> None:
    """The screen's loop: GET the wall with its last ETag about every ``poll_every`` seconds."""
    rng = random.Random(plan.seed * 100_003 + screen.number)
    connection = http.client.HTTPConnection(server.host, server.port, timeout=REQUEST_TIMEOUT_S)
    etag: str | None = None
    due = plan.start + rng.uniform(0, plan.poll_every)  # screens were switched on at random
    try:
        while due < plan.deadline and not stop.wait(max(0.0, due - time.perf_counter())):
            asked = time.perf_counter()
            etag = poll_once(connection, screen, path, etag)
            due = asked + plan.poll_every * rng.uniform(1 - JITTER, 1 + JITTER)
    finally:
        connection.close()


def poll_once(
    connection: http.client.HTTPConnection, screen: Screen, path: str, etag: str | None
) -> str | None:
    """One GET, timed from sending to the last byte read; the ETag to send next time."""
    headers = {"Accept": "application/json", "Accept-Language": screen.language}
    if etag:
        headers["If-None-Match"] = etag
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # the next request opens a new connection
        screen.errors[type(error).__name__] += 1
        return etag
    received = time.perf_counter()
    if response.status not in (200, 304):
        screen.errors[f"HTTP {response.status}"] += 1
        return etag
    screen.samples.append((response.status, (received - started) * 1000))
    screen.kept_alive += not response.will_close
    if response.status == 304:
        return etag
    for entry in json.loads(body)["endorsements"]:
        screen.seen.setdefault(entry["city"], received)
    return response.getheader("ETag") or etag


def write(
    app: Flask,
    seeded: Seeded,
    plan: Plan,
    stop: threading.Event,
    written: list[Written],
    errors: Counter[str],
) -> None:
    """Endorse for the next mayor every ``write_every`` seconds through the service, and commit."""
    with app.app_context():
        try:
            for n, registration_id in enumerate(seeded.pending, start=1):
                due = plan.start + n * plan.write_every
                if due >= plan.deadline or stop.wait(max(0.0, due - time.perf_counter())):
                    break
                started = time.perf_counter()
                try:
                    city = endorse_one(seeded.declaration_id, registration_id)
                except Exception as error:  # counted and shown; the run goes on
                    db.session.rollback()
                    errors[f"{type(error).__name__}: {error}"[:120]] += 1
                    continue
                now = time.perf_counter()
                written.append(Written(city, now, (now - started) * 1000))
        finally:
            db.session.remove()


def endorse_one(declaration_id: int, registration_id: int) -> str:
    """An on-site endorsement for this mayor's city, committed; the city's name."""
    declaration = db.session.get_one(Declaration, declaration_id)
    registration = db.session.get_one(Registration, registration_id)
    city = registration.city.name
    endorse(
        declaration,
        registration,
        method=EndorsementMethod.ON_SITE,
        name=registration.full_name,
        title=registration.position_title,
        now=utcnow(),
    )
    db.session.commit()
    return city


def run_load(
    app: Flask, server: Server, access_log: Path, seeded: Seeded, settings: Settings
) -> Load:
    """The screens and the writer, side by side, until the deadline; Ctrl-C stops them early."""
    log_offset = access_log.stat().st_size if access_log.exists() else 0
    start = time.perf_counter() + 0.2  # time to start the threads
    plan = Plan(
        start, start + settings.seconds, settings.poll_every, settings.write_every, settings.seed
    )
    stop = threading.Event()
    screens = [Screen(n, LANGUAGES[n % len(LANGUAGES)]) for n in range(settings.screens)]
    written: list[Written] = []
    writer_errors: Counter[str] = Counter()
    threads = [
        threading.Thread(target=poll, args=(screen, server, seeded.path, plan, stop), daemon=True)
        for screen in screens
    ]
    threads.append(
        threading.Thread(
            target=write, args=(app, seeded, plan, stop, written, writer_errors), daemon=True
        )
    )
    before = cpu_snapshot(server.process.pid)
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            thread.join()
    finally:
        stop.set()  # early only on Ctrl-C: then let them finish what they are doing
        give_up = time.monotonic() + REQUEST_TIMEOUT_S
        for thread in threads:
            thread.join(max(0.0, give_up - time.monotonic()))
    elapsed = time.perf_counter() - start
    cpu = cpu_shares(before, cpu_snapshot(server.process.pid))
    times = worker_times(access_log, log_offset)
    return Load(plan, screens, written, writer_errors, elapsed, times, cpu)


def worker_times(access_log: Path, offset: int) -> dict[int, list[float]]:
    """{status: [ms]} from gunicorn's access log lines written after ``offset``."""
    times: dict[int, list[float]] = {}
    with access_log.open("rb") as log:
        log.seek(offset)
        for line in log.read().decode(errors="replace").splitlines():
            status, _, micros = line.partition(" ")
            if status.isdigit() and micros.strip().isdigit():
                times.setdefault(int(status), []).append(int(micros) / 1000)
    return times


# --------------------------------------------------------------------------- CPU accounting


def cpu_snapshot(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far, from /proc (Linux; empty elsewhere): by the whole machine
    (``busy``, out of ``capacity``), this script, gunicorn, the scratch database's backends.
    """
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    except OSError:
        return {}
    ticks = [int(value) for value in fields]  # user nice system idle iowait irq softirq steal
    hz = os.sysconf("SC_CLK_TCK")
    snapshot = {"busy": (sum(ticks) - ticks[3] - ticks[4]) / hz, "capacity": sum(ticks) / hz}
    snapshot["this script"] = process_cpu(os.getpid())
    snapshot["gunicorn"] = snapshot["database server"] = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        pid = int(entry.name)
        if pid == server_pid or parent_of(pid) == server_pid:
            snapshot["gunicorn"] += process_cpu(pid)
        elif SCRATCH_DATABASE.encode() in read_bytes(entry / "cmdline"):
            snapshot["database server"] += process_cpu(pid)  # PostgreSQL names the database
    return snapshot


def cpu_shares(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """Each user's share of the CPUs' capacity between two snapshots; ``other`` the rest."""
    capacity = after.get("capacity", 0.0) - before.get("capacity", 0.0)
    if not before or not after or capacity <= 0:
        return {}
    used = {name: (after[name] - before[name]) / capacity for name in after if name != "capacity"}
    used["other"] = used["busy"] - sum(v for name, v in used.items() if name != "busy")
    return used


def process_cpu(pid: int) -> float:
    """User and system CPU seconds of a process (all its threads), 0 if it is gone."""
    stat = read_bytes(Path(f"/proc/{pid}/stat")).rpartition(b")")[2].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK") if len(stat) > 12 else 0.0


def parent_of(pid: int) -> int:
    """The parent's pid, or 0."""
    stat = read_bytes(Path(f"/proc/{pid}/stat")).rpartition(b")")[2].split()
    return int(stat[1]) if len(stat) > 1 else 0


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or nothing when it cannot be read (the process ended...)."""
    try:
        return path.read_bytes()
    except OSError:
        return b""


# --------------------------------------------------------------------------- the view in-process


@dataclass(frozen=True)
class ViewTiming:
    """The view timed in this process (Flask test client), with its SQL statements counted."""

    label: str
    median_ms: float
    queries: int
    profile: str = ""


def time_view(app: Flask, seeded: Seeded, profile: bool) -> list[ViewTiming]:
    """Median of VIEW_RUNS GETs of the wall for its 200 and for its 304, optionally profiled."""
    client = app.test_client()
    headers = {"Accept-Language": "en"}
    first = client.get(seeded.path, headers=headers)
    if first.status_code != 200:
        raise BenchError(f"GET {seeded.path} answered {first.status_code} in-process.")
    count = json.loads(first.get_data())["count"]
    etag = first.headers["ETag"]
    cases: list[tuple[str, dict[str, str]]] = [
        (f"200, the full wall ({count} cities)", headers),
        ("304, If-None-Match: its ETag", headers | {"If-None-Match": etag}),
    ]
    timings = []
    for label, case_headers in cases:

        def once(case_headers: dict[str, str] = case_headers) -> None:
            client.get(seeded.path, headers=case_headers)

        samples = [timed(once) for _ in range(VIEW_RUNS)]
        timings.append(
            ViewTiming(
                label,
                statistics.median(samples),
                count_statements(once),
                profiled(once, VIEW_RUNS) if profile else "",
            )
        )
    return timings


# --------------------------------------------------------------------------- figures


def staleness(load: Load) -> tuple[list[float], int, int]:
    """(seconds from commit to each screen's first 200 listing it, pairs missed, endorsements).

    Only endorsements committed early enough for every screen to poll once more are counted.
    """
    cutoff = load.plan.deadline - load.plan.poll_every * (1 + JITTER) - STALENESS_MARGIN_S
    checked = [w for w in load.written if w.committed_at <= cutoff]
    delays, missed = [], 0
    for screen in load.screens:
        for written in checked:
            seen = screen.seen.get(written.city)
            if seen is None:
                missed += 1
            else:
                delays.append(max(0.0, seen - written.committed_at))
    return delays, missed, len(checked)


def print_header(description: str, settings: Settings, seeded: Seeded, server: Server) -> None:
    """What is measured, on what, and how."""
    print(
        f"Wall benchmark on {description}; {versions()}, gunicorn {gunicorn.__version__}"
        f" ({settings.workers} sync workers, {os.cpu_count()} CPUs)"
    )
    print(
        f"Data: {settings.mayors} approved mayors of {settings.mayors} cities in"
        f" {seeded.countries} countries, {settings.endorsed} endorsed before the run;"
        f" seeded in {seeded.seconds:.1f} s"
    )
    print(
        f"Load: {settings.screens} screens GET {seeded.path} every ~{settings.poll_every:g} s"
        f" (±{JITTER:.0%}) with If-None-Match, languages {'/'.join(LANGUAGES)}, for"
        f" {settings.seconds:g} s; meanwhile an endorsement every {settings.write_every:g} s"
        " through forum.endorsements.services.endorse (this process, same database)."
        f" Server on {server.host}:{server.port}.",
        flush=True,
    )
    print()


def latency_line(label: str, values: Sequence[float]) -> str:
    """One row of the latency table."""
    if not values:
        return f"  {label:34} {0:>7,}"
    cells = "".join(f" {percentile(values, q):7.1f}" for q in (50, 95, 99))
    return f"  {label:34} {len(values):>7,}{cells} {max(values):7.1f}"


def print_load(load: Load) -> float:
    """Throughput, answers, latencies (client and worker), errors; returns the p99 in ms."""
    samples = [sample for screen in load.screens for sample in screen.samples]
    errors = sum((screen.errors for screen in load.screens), Counter[str]())
    by_status = {status: [ms for s, ms in samples if s == status] for status in (200, 304)}
    every = [ms for _status, ms in samples]
    total = len(samples) + errors.total()
    share_304 = len(by_status[304]) / len(samples) if samples else 0.0
    kept = sum(screen.kept_alive for screen in load.screens)
    print(
        f"requests        {total:,} in {load.elapsed:.1f} s: {total / load.elapsed:,.1f} requests/s"
    )
    print(
        f"answers         200: {len(by_status[200]):,}, 304: {len(by_status[304]):,}"
        f" ({share_304:.1%} 304s); errors: {errors.total():,}"
        + (f" ({', '.join(f'{kind} ×{n}' for kind, n in errors.most_common(5))})" if errors else "")
    )
    print(
        f"connections     kept alive after {kept:,} of {len(samples):,} answers"
        + (" (gunicorn's sync workers close each one: every poll reconnects)" if not kept else "")
    )
    if load.cpu:
        print(
            f"CPU             {os.cpu_count()} CPUs {load.cpu['busy']:.0%} busy during the load: "
            + ", ".join(f"{name} {load.cpu[name]:.0%}" for name in CPU_USERS if name in load.cpu)
            + (
                " (another program competed: figures are unreliable)"
                if load.cpu["other"] > 0.1
                else ""
            )
        )
    print()
    print(f"  {'latency, ms':34} {'n':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'max':>7}")
    print("  client: request sent -> last byte read")
    print(latency_line("all answers", every))
    print(latency_line("200 (the wall changed)", by_status[200]))
    print(latency_line("304 (not modified)", by_status[304]))
    print("  worker: gunicorn access log %(D)s, no queueing")
    for status in sorted(load.worker_ms):
        print(latency_line(f"{status}", load.worker_ms[status]))
    print()
    return percentile(every, 99)


def print_writes(load: Load, settings: Settings) -> None:
    """The endorsements written and how soon every screen listed them."""
    took = [w.took_ms for w in load.written]
    failed = load.writer_errors.total()
    print(
        f"endorsements    {len(load.written)} written (one every {settings.write_every:g} s)"
        + (
            f", endorse + commit median {statistics.median(took):.1f} ms, max {max(took):.1f} ms"
            if took
            else ""
        )
        + (f"; {failed} failed: {dict(load.writer_errors.most_common(3))}" if failed else "")
    )
    delays, missed, checked = staleness(load)
    pairs = checked * len(load.screens)
    print(
        f"seen            {pairs - missed:,} of {pairs:,} (screen, endorsement) pairs"
        f" {mark(bool(pairs) and not missed)}:"
        f" each of the {checked} endorsements committed ≥"
        f" {settings.poll_every * (1 + JITTER) + STALENESS_MARGIN_S:g} s before the end,"
        " on every screen"
    )
    if delays:
        print(
            f"staleness       commit -> a screen's first 200 listing it: p50"
            f" {percentile(delays, 50):.2f} s, p99 {percentile(delays, 99):.2f} s, max"
            f" {max(delays):.2f} s (a screen polls every ~{settings.poll_every:g} s)"
        )


def print_view(timings: list[ViewTiming]) -> None:
    """The view's own cost, in this process, once the load is over."""
    print()
    print(f"in-process view (Flask test client, median of {VIEW_RUNS}, after the load):")
    for timing in timings:
        print(f"  {timing.label:40} {timing.median_ms:7.1f} ms  {timing.queries} SQL statements")


def print_verdict(p99: float) -> None:
    """The target line."""
    print()
    print(f"p99 latency {p99:.1f} ms, target ≤ {P99_TARGET_MS:g} ms {mark(p99 <= P99_TARGET_MS)}")


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> Settings:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_option(parser, SCRATCH_DATABASE)
    parser.add_argument("--seconds", type=float, default=SECONDS, help="load duration (20)")
    parser.add_argument("--screens", type=int, default=SCREENS, help="wall screens (200)")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers (2)")
    parser.add_argument(
        "--poll-every", type=float, default=POLL_EVERY_S, help="seconds between polls (1)"
    )
    parser.add_argument(
        "--write-every",
        type=float,
        default=WRITE_EVERY_S,
        help="seconds between endorsements (0.5)",
    )
    parser.add_argument(
        "--endorsed", type=int, default=ENDORSED_BEFORE, help="endorsed before the run (150)"
    )
    parser.add_argument("--seed", type=int, default=2018, help="random seed")
    add_profile_option(
        parser, "cProfile the view in-process when the p99 misses its target (or always)"
    )
    args = parser.parse_args(argv)
    if min(args.seconds, args.poll_every, args.write_every) <= 0:
        parser.error("--seconds, --poll-every and --write-every must be positive")
    if args.screens < 1 or args.workers < 1 or args.endorsed < 0:
        parser.error("--screens and --workers must be at least 1, --endorsed at least 0")
    return Settings(
        database_url=args.database_url,
        seconds=args.seconds,
        screens=args.screens,
        workers=args.workers,
        poll_every=args.poll_every,
        write_every=args.write_every,
        endorsed=args.endorsed,
        seed=args.seed,
        profile=args.profile,
    )


def bench(settings: Settings) -> None:
    """Seed, serve, load, measure the view in-process, print."""
    secret_key = secrets.token_hex(32)
    with scratch_database(settings.database_url, SCRATCH_DATABASE) as (url, description):
        app = make_app(
            "production",
            url,
            SECRET_KEY=secret_key,
            PUBLIC_BASE_URL=PUBLIC_BASE_URL,
            EXTRA_TRUSTED_HOSTS=["localhost"],  # the in-process test client's host
            FORCE_HTTPS=False,
        )
        try:
            seeded = seed(app, settings, random.Random(settings.seed))
            serving = production_server(url, secret_key, settings.workers, seeded.path)
            with serving as (server, access_log):
                warm_up(server, seeded.path, settings.workers)
                print_header(description, settings, seeded, server)
                load = run_load(app, server, access_log, seeded, settings)
            p99 = print_load(load)
            print_writes(load, settings)
            missed = not p99 <= P99_TARGET_MS
            profile = settings.profile == "all" or (settings.profile == "missed" and missed)
            timings = time_view(app, seeded, profile)
            print_view(timings)
            print_verdict(p99)
            for timing in timings:
                if timing.profile:
                    print(f"\ncProfile of {VIEW_RUNS} GETs, {timing.label}:\n{timing.profile}")
        finally:
            engine_of(app).dispose()


def main(argv: list[str] | None = None) -> int:
    """0 once it has run, whatever the figures; 1 when it could not run; 130 on Ctrl-C."""
    settings = parse_args(argv)
    stop_on_sigterm()
    try:
        bench(settings)
    except BenchError as error:
        print(f"bench/wall.py could not run: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the server is stopped and the scratch database removed.")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
