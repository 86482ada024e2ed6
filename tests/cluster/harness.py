"""Two gunicorn nodes and two background workers on one scratch PostgreSQL database and one
Redis, with a real SMTP sink; everything is stopped and the database dropped, even on failure.

Used by tests/cluster/test_cluster.py and bench/cluster.py.
"""

from __future__ import annotations

import asyncio
import email
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.cluster.http import Browser
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get(
    "CLUSTER_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/9")
LOGIN_LIMIT = 8  # per minute, counted in Redis for both nodes
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]
SMTP_DELAY_S = 0.05  # each e-mail takes a little while, so a worker can be killed mid-way


class _SlowCollector:
    """Keeps the outbox id and recipient of every message received, after a short pause."""

    def __init__(self) -> None:
        self.outbox_ids: list[tuple[int, str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        await asyncio.sleep(SMTP_DELAY_S)
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.outbox_ids.append((int(message["X-Forum-Outbox-Id"]), str(message["To"])))
        return "250 Message accepted for delivery"


class SmtpSink:
    """aiosmtpd on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.port = free_port()
        self.collector = _SlowCollector()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    def received(self, to_suffix: str = "") -> list[int]:
        """The outbox ids received so far (of recipients ending so), in order; repeats kept."""
        with self.collector.lock:
            return [i for i, to in self.collector.outbox_ids if to.endswith(to_suffix)]


@dataclass
class Cluster:
    """The running cluster: node URLs, worker processes, the sink and the seeded rows."""

    database_url: str
    env: dict[str, str]
    nodes: list[str]
    workers: list[subprocess.Popen[bytes]]
    sink: SmtpSink
    seeded: dict[str, Any] = field(default_factory=dict)
    engine: sa.Engine | None = None
    logs: Path | None = None

    def log_tail(self, chars: int = 3000) -> str:
        """The end of every node's and worker's output, for a failing assertion's message."""
        assert self.logs is not None
        return "\n".join(
            f"--- {p.name}\n{p.read_text()[-chars:]}" for p in sorted(self.logs.glob("*.log"))
        )

    def browser(self, node: int) -> Browser:
        return Browser(self.nodes[node % len(self.nodes)])

    def run_seed(self, *args: str) -> dict[str, Any]:
        """Run tests/cluster/seed.py with these arguments; its JSON answer."""
        return seed_answer(self.start_seed(*args))

    def start_seed(self, *args: str) -> subprocess.Popen[bytes]:
        """Start tests/cluster/seed.py with these arguments (read it with seed_answer)."""
        command = [sys.executable, "-m", "tests.cluster.seed", *args]
        return subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE)

    def run_command(self, *args: str) -> str:
        """``flask --app wsgi ARGS`` with the cluster's environment; its output."""
        done = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            cwd=ROOT, env=self.env, check=True, timeout=120, capture_output=True,
        )  # fmt: skip
        return done.stdout.decode()

    def scalar(self, query: str, **params: object) -> Any:
        assert self.engine is not None
        with self.engine.connect() as connection:
            return connection.scalar(sa.text(query), params)

    def rows(self, query: str, **params: object) -> list[Any]:
        assert self.engine is not None
        with self.engine.connect() as connection:
            return list(connection.execute(sa.text(query), params).all())

    def reset_rate_limits(self) -> None:
        """Empty our own Redis database: every counter starts again at 0."""
        redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()

    def kill_worker(self, index: int) -> None:
        """SIGKILL a worker and its children: no clean-up runs, as when a machine dies."""
        os.killpg(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait(timeout=10)


def seed_answer(started: subprocess.Popen[bytes]) -> dict[str, Any]:
    """The JSON a seed process printed, once it has ended well."""
    out, _err = started.communicate(timeout=120)
    assert started.returncode == 0, f"seeding failed ({started.returncode})"
    return json.loads(out.decode().strip().splitlines()[-1])


@contextmanager
def running_cluster(
    node_count: int = 2,
    worker_count: int = 2,
    *,
    postgres: str = POSTGRES,
    redis_url: str = REDIS,
    seed: tuple[str, ...] = ("seed",),
    settings: dict[str, str] | None = None,
) -> Iterator[Cluster]:
    """A migrated, seeded scratch database served by the nodes, with the workers running
    (``seed``: tests/cluster/seed.py's arguments; ``settings``: environment on top)."""
    with ExitStack() as stack:
        url = stack.enter_context(scratch_database(postgres))
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cluster-")))
        sink = SmtpSink()
        sink.controller.start()
        stack.callback(sink.controller.stop)
        ports = [free_port() for _ in range(node_count)]
        env = node_env(url, redis_url, ports[0], sink.port, logs) | (settings or {})
        flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
        upgraded = subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, timeout=180,
                                  capture_output=True, text=True)  # fmt: skip
        assert upgraded.returncode == 0, f"db upgrade failed:\n{upgraded.stderr[-3000:]}"
        cluster = Cluster(url, env, [f"http://127.0.0.1:{p}" for p in ports], [], sink, logs=logs)
        cluster.reset_rate_limits()
        stack.callback(cluster.reset_rate_limits)  # and no counter of ours is left behind
        cluster.seeded = cluster.run_seed(*seed)
        cluster.engine = sa.create_engine(url)
        stack.callback(cluster.engine.dispose)
        for index, port in enumerate(ports):
            bind = {"FORUM_BIND": f"127.0.0.1:{port}", "FORUM_METRICS_DIR": str(logs / f"m{index}")}
            stack.enter_context(process(GUNICORN, env | bind, logs / f"node{index}.log"))
        for index in range(worker_count):
            worker = [*flask, "forum", "worker", "--interval", "0.2"]
            started = stack.enter_context(process(worker, env, logs / f"worker{index}.log"))
            cluster.workers.append(started)
        for base in cluster.nodes:
            wait_until_healthy(base, logs)
        yield cluster


def node_env(url: str, redis_url: str, port: int, smtp_port: int, logs: Path) -> dict[str, str]:
    """The production environment every node and worker shares."""
    # Nothing of the calling test run's own settings (a test database, a metrics folder...).
    unwanted = ("FORUM_", "TEST_DATABASE", "PROMETHEUS_MULTIPROC_DIR", "MAIL_", "RATELIMIT")
    kept = {k: v for k, v in os.environ.items() if not k.startswith(unwanted)}
    return kept | {
        "FORUM_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "FORCE_HTTPS": "false",
        "TRUSTED_HOSTS": "127.0.0.1",
        "DATABASE_URL": url,
        "REDIS_URL": redis_url,
        "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
        "REGISTRATION_RATE_LIMIT": "1000 per minute",
        "SCAN_RATE_LIMIT": "10000 per minute",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(smtp_port),
        "MAIL_FILE_DIR": str(logs / "mail"),
        "FORUM_WORKERS": "2",
        "FORUM_ACCESS_LOG": "/dev/null",
    }


@contextmanager
def scratch_database(postgres: str) -> Iterator[str]:
    """A new database cluster_<random> on that server, dropped afterwards."""
    name = f"cluster_{os.getpid()}_{secrets.token_hex(3)}"
    server = sa.make_url(postgres)
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:  # only the database this run created
            connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@contextmanager
def process(
    command: list[str], env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A process in its own group, whose whole group is stopped when the block ends."""
    with log.open("wb") as out:
        started = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        try:
            yield started
        finally:
            stop_group(started)


def stop_group(started: subprocess.Popen[bytes]) -> None:
    """SIGTERM the group, then SIGKILL what is left after 15 s."""
    for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
        try:
            os.killpg(started.pid, sig)
        except ProcessLookupError:
            return
        try:
            started.wait(timeout=wait_s)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_until_healthy(base: str, logs: Path) -> None:
    """Until /healthz answers 200 (60 s at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Browser(base).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    node_logs = "\n".join(p.read_text()[-2000:] for p in sorted(logs.glob("*.log")))
    raise AssertionError(f"{base} never became healthy:\n{node_logs}")
