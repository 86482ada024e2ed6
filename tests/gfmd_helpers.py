"""Shared pieces of the GFMD summit sync tests: fixture files, times and rows."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from flask.testing import FlaskClient

from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.models import GfmdSyncJob, SyncJobStatus
from forum.agenda.models import Session, SessionKind, SessionSource
from forum.editions.models import Edition
from forum.extensions import db
from tests.conftest import csrf_token

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gfmd"
# Real feeds from node-ical, copied from shared/fixtures/ics (see SOURCES.md there).
REAL_FEEDS = Path(__file__).resolve().parent / "fixtures" / "real-feeds"
NOW = datetime(2018, 11, 30, 12, tzinfo=UTC)
STOPPED = frozenset({"held", "done", "failed", "discarded"})
LATER = datetime(2018, 12, 1, 12, tzinfo=UTC)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2018, 12, day, hour, minute, tzinfo=UTC)


def fixture(name: str) -> str:
    return str(FIXTURES / name)


def summit_sessions() -> list[Session]:
    """The GFMD sessions of the database, by UID."""
    return list(
        db.session.scalars(
            sa.select(Session)
            .where(Session.source == SessionSource.GFMD)
            .order_by(Session.external_uid)
        )
    )


def forum_session(edition: Edition, title: str, starts_at: datetime, ends_at: datetime) -> Session:
    """One of the forum's own sessions."""
    session = Session(
        edition_id=edition.id,
        kind=SessionKind.PLENARY,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        source=SessionSource.FORUM,
    )
    db.session.add(session)
    db.session.flush()
    return session


def summit_item(
    edition: Edition, title: str, kind: SessionKind, starts: datetime, ends: datetime
) -> Session:
    """A summit item as a sync would have stored it."""
    session = Session(
        edition_id=edition.id,
        kind=kind,
        title=title,
        starts_at=starts,
        ends_at=ends,
        source=SessionSource.GFMD,
        external_uid=f"{title}@gfmd.test",
    )
    db.session.add(session)
    db.session.flush()
    return session


@contextmanager
def counting_queries() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def wait_for_sync(client: FlaskClient, job_id: int, *, until: frozenset[str] = STOPPED) -> dict:
    """The sync job's progress JSON once it has stopped running (a thread runs it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = client.get(f"/admin/agenda/sync/jobs/{job_id}.json").get_json()
        if state["status"] in until:
            return state
        time.sleep(0.05)
    raise AssertionError(f"sync job {job_id} did not stop running")


def post_sync(client: FlaskClient, source: str) -> int:
    """Ask for a sync on the organisers' page; the id of the job it queued."""
    page = client.get("/admin/agenda/sync").get_data(as_text=True)
    response = client.post(
        "/admin/agenda/sync", data={"csrf_token": csrf_token(page), "source": source}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert location.startswith("/admin/agenda/sync/jobs/")
    return int(location.rsplit("/", 1)[1])


def demo_feed_keeping(count: int, folder: Path) -> str:
    """A copy of the demo feed with only its first ``count`` events (the rest "dropped")."""
    text = demo_feed_path().read_text(encoding="utf-8")
    head, *events = text.split("BEGIN:VEVENT")
    kept = "".join(f"BEGIN:VEVENT{event}" for event in events[:count])
    if not kept.endswith("END:VCALENDAR\r\n"):
        kept = kept.split("END:VCALENDAR")[0] + "END:VCALENDAR\r\n"
    path = folder / f"summit-keeping-{count}.ics"
    path.write_text(head + kept, encoding="utf-8")
    return str(path)


def finished_sync_job(edition: Edition) -> int:
    """The id of a sync job that is done, for pages that show one."""
    job = GfmdSyncJob(edition_id=edition.id, status=SyncJobStatus.DONE)
    db.session.add(job)
    db.session.flush()
    return job.id
