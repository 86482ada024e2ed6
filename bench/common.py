"""What the benchmark scripts share: scratch databases, seeding, gunicorn, measuring, printing.

Not a benchmark: ``make bench`` runs it with the others, and it does nothing.

A scratch PostgreSQL database is never one that exists already: when it does, another run may
be using it, so the run is refused instead; and only a database this run created is dropped.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import math
import platform
import pstats
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `config` lives at the root

import sqlalchemy as sa
from flask import Flask

from forum import create_app
from forum.auth.models import Role
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Category, RegistrationStatus

ROOT = Path(__file__).resolve().parents[1]
SEEDED_AT = datetime(2018, 11, 1, 9, tzinfo=UTC)
FORUM_DAY = date(2018, 12, 8)
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class BenchError(RuntimeError):
    """Something the benchmark relies on did not work (a server did not start, a page failed...)."""


# --------------------------------------------------------------------------- scratch databases


@contextmanager
def scratch_database(url: str | None, name: str) -> Iterator[tuple[str, str]]:
    """(URL, description) of an empty database: a temporary SQLite file unless ``url`` names one."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix=f"{name.replace('_', '-')}-") as tmp:
            yield f"sqlite:///{Path(tmp) / f'{name}.sqlite3'}", "SQLite (temporary file)"
        return
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        if not parsed.database or parsed.database == ":memory:" or path.exists():
            raise BenchError("Give a SQLite file that does not exist yet (it is deleted after).")
        with deleted_afterwards(path):
            yield url, f"SQLite ({path})"
        return
    if parsed.get_backend_name() != "postgresql":
        raise BenchError(f"Only SQLite and PostgreSQL are supported, not {parsed.drivername}.")
    with postgres_scratch(parsed, name) as scratch:
        yield scratch


@contextmanager
def deleted_afterwards(path: Path) -> Iterator[None]:
    """Delete the SQLite file ``path``, and its -wal and -shm files, when the block ends."""
    try:
        yield
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def postgres_scratch(server: sa.URL, name: str) -> Iterator[tuple[str, str]]:
    """(URL, description) of a new database ``name`` on ``server``'s server, dropped afterwards."""
    admin_db = "postgres" if server.database in (None, name) else server.database
    admin = sa.create_engine(server.set(database=admin_db), isolation_level="AUTOCOMMIT")
    try:
        create_database(admin, name, server.host)
        try:
            scratch = server.set(database=name).render_as_string(hide_password=False)
            yield scratch, f"PostgreSQL (scratch database {name} on {server.host})"
        finally:
            with admin.connect() as connection:  # this run's own database: no one else's
                connection.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    finally:
        admin.dispose()


def create_database(admin: sa.Engine, name: str, host: str | None) -> None:
    """CREATE DATABASE ``name``; BenchError if it exists already or the server refuses."""
    try:
        with admin.connect() as connection:
            exists = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
            if connection.scalar(exists, {"name": name}):
                raise BenchError(
                    f"The database {name} already exists on {host}: another run may be using it."
                    f" If none is, a run that was killed left it: DROP DATABASE {name}; then retry."
                )
            connection.execute(sa.text(f"CREATE DATABASE {name}"))
    except sa.exc.DBAPIError as error:  # no server, no right to create, created meanwhile...
        raise BenchError(f"PostgreSQL at {host}: {error.orig}") from error


def make_app(config: str, url: str, **settings: Any) -> Flask:
    """The application in configuration ``config`` on ``url``, with the schema created; its
    startup objects left out of later garbage collections, as ``wsgi.py`` does in production."""
    app = create_app(config, SQLALCHEMY_DATABASE_URI=url, **settings)
    with app.app_context():
        db.create_all()
    gc.freeze()
    return app


def engine_of(app: Flask) -> sa.Engine:
    """The app's SQLAlchemy engine."""
    with app.app_context():
        return db.engine


# --------------------------------------------------------------------------- seeding


def add_edition(starts_on: date = FORUM_DAY, ends_on: date = FORUM_DAY) -> Edition:
    """The current edition: Marrakech, December 2018."""
    edition = Edition(
        number=5,
        year=2018,
        title="City Leadership in Implementing the UN Global Compacts",
        city="Marrakech",
        country_code="MA",
        timezone="Africa/Casablanca",
        starts_on=starts_on,
        ends_on=ends_on,
        is_current=True,
    )
    db.session.add(edition)
    db.session.flush()
    return edition


def city_rows(count: int, codes: Sequence[str]) -> list[dict[str, Any]]:
    """``count`` cities with distinct names, spread over the countries ``codes``."""
    return [
        {"name": f"City {n:03d}", "country_code": codes[n % len(codes)],
         "match_key": f"city {n:03d}", "slug": f"city-{n:03d}"}
        for n in range(count)
    ]  # fmt: skip


def user_row(email: str, display_name: str) -> dict[str, Any]:
    """A delegate's account, made at SEEDED_AT."""
    return {
        "email": email,
        "display_name": display_name,
        "role": Role.DELEGATE,
        "created_at": SEEDED_AT,
    }


def registration_row(
    edition: Edition, user_id: int, city_id: int, name: tuple[str, str], calendar_secret: str
) -> dict[str, Any]:
    """An approved mayor's registration (``name``: given and family), made at SEEDED_AT."""
    return {
        "edition_id": edition.id,
        "user_id": user_id,
        "city_id": city_id,
        "given_name": name[0],
        "family_name": name[1],
        "category": Category.MAYOR,
        "position_title": "Mayor",
        "consented_at": SEEDED_AT,
        "status": RegistrationStatus.APPROVED,
        "status_changed_at": SEEDED_AT,
        "email_confirmed_at": SEEDED_AT,
        "created_at": SEEDED_AT,
        "updated_at": SEEDED_AT,
        "calendar_secret": calendar_secret,
    }


def insert_returning_ids(model: type[Any], rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in bulk; the new ids in the order of ``rows``."""
    statement = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


# --------------------------------------------------------------------------- gunicorn


@dataclass(frozen=True)
class Server:
    """A gunicorn subprocess and where it listens and logs."""

    process: subprocess.Popen[bytes]
    port: int
    error_log: Path
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://{self.host}:{self.port}"

    def log_tail(self, lines: int = 20) -> str:
        """The last lines gunicorn wrote to its error log."""
        text = self.error_log.read_text(errors="replace") if self.error_log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn_server(
    app: str,
    *,
    workers: int,
    env: dict[str, str],
    logs: Path,
    probe: Callable[[Server], object],
    options: Sequence[str] = (),
    cwd: Path | None = None,
) -> Iterator[Server]:
    """``gunicorn --workers N app`` on a free port, up once ``probe`` gets through; then stopped."""
    port = free_port()
    error_log = logs / f"{app.partition(':')[0]}-{port}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--workers={workers}",
        f"--bind=127.0.0.1:{port}",
        *options,
        f"--error-logfile={error_log}",
        app,
    ]
    with error_log.open("ab") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    server = Server(process, port, error_log)
    try:
        wait_until_up(server, probe)
        yield server
    finally:
        stop_server(process)


def wait_until_up(server: Server, probe: Callable[[Server], object]) -> None:
    """Return once ``probe`` raises no OSError; BenchError if gunicorn exits or takes too long."""
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(
                f"gunicorn exited with {server.process.returncode}:\n{server.log_tail()}"
            )
        try:
            probe(server)
        except OSError:
            time.sleep(0.1)
            continue
        return
    raise BenchError(
        f"gunicorn did not answer within {STARTUP_TIMEOUT_S:g} s:\n{server.log_tail()}"
    )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (gunicorn's graceful stop), then SIGKILL if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_together(target: Callable[..., None], calls: Iterable[tuple[Any, ...]]) -> None:
    """``target(*args)`` for each ``args`` of ``calls`` at once, a thread each; wait for all."""
    threads = [threading.Thread(target=target, args=args) for args in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


# --------------------------------------------------------------------------- measuring


def timed(once: Callable[[], None]) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    once()
    return (time.perf_counter() - started) * 1000


def count_statements(once: Callable[[], None]) -> int:
    """SQL statements one call sends on any engine of this process (the app's pool and the
    doors' own autocommit pool; on SQLite the BEGIN IMMEDIATE counts as one)."""
    statements = 0

    def on_statement(*_args: object) -> None:
        """Count one statement."""
        nonlocal statements
        statements += 1

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", on_statement)
    try:
        once()
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", on_statement)
    return statements


def profiled(once: Callable[[], None], runs: int, top: int = 25) -> str:
    """cProfile of ``runs`` calls: the most time, with callees and without."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        once()
    profiler.disable()
    return profile_report(profiler, top)


def profile_report(profiler: cProfile.Profile, top: int = 25) -> str:
    """The ``top`` functions of a profile by cumulative time, then by their own time."""
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    stats.print_callers(5)  # who waits in the five costliest functions of their own
    return out.getvalue()


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), interpolating between ranks; NaN without values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


# --------------------------------------------------------------------------- output, options


def mark(met: bool) -> str:
    """✓ or ✗."""
    return "✓" if met else "✗"


def versions() -> str:
    """Python's and SQLAlchemy's versions, for a header."""
    return f"Python {platform.python_version()}, SQLAlchemy {sa.__version__}"


def add_database_option(parser: argparse.ArgumentParser, scratch: str) -> None:
    """``--database-url``: a PostgreSQL server for the scratch database ``scratch``."""
    parser.add_argument(
        "--database-url",
        help=f"PostgreSQL server to use (a scratch database {scratch} is created and dropped);"
        " default: SQLite in a temporary file",
    )


def add_profile_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """``--profile`` (value "missed") or ``--profile all``; "" without it."""
    parser.add_argument(
        "--profile",
        nargs="?",
        const="missed",
        default="",
        choices=("missed", "all"),
        help=help_text,
    )


def interrupted(_signum: int, _frame: object) -> None:
    """SIGTERM stops the run as Ctrl-C does, so servers stop and scratch databases go."""
    raise KeyboardInterrupt


def stop_on_sigterm() -> None:
    """Let SIGTERM clean up as Ctrl-C does (see ``interrupted``)."""
    signal.signal(signal.SIGTERM, interrupted)
