"""Summit syncs in the background: queued by the page, claimed once, followed as JSON, and
every ending (done, failed, cut off, refused) kept in the history without leaking a body."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.jobs import (
    claim_sync_job,
    fail_stale_jobs,
    queue_sync,
    run_queued_sync_jobs,
    run_sync_job,
)
from forum.agenda.gfmd.models import GfmdSyncJob, SyncJobStatus
from forum.agenda.models import GfmdSync, Session, SyncStatus
from forum.db import utcnow
from forum.editions.models import Edition
from forum.extensions import db
from tests import factories
from tests.conftest import Auth, count_rows
from tests.gfmd_helpers import post_sync, wait_for_sync
from tests.gfmd_servers import SECRET, feed_server, trickle_server


@pytest.fixture
def organiser(app, client) -> Auth:
    with app.app_context():
        factories.edition(gfmd_agenda_source=str(demo_feed_path()))
        factories.organiser()
        db.session.commit()
    auth = Auth(client)
    auth.login(*factories.ORGANISER)
    return auth


@pytest.fixture
def settings(app: Flask) -> Iterator[dict[str, object]]:
    """The app's config, put back as it was after the test."""
    saved = dict(app.config)
    yield app.config
    app.config.clear()
    app.config.update(saved)


def _queued(source: str = "") -> int:
    edition = db.session.scalars(sa.select(Edition)).one()
    job = queue_sync(edition, source, requested_by=None, now=utcnow())
    db.session.commit()
    return job.id


def _job(job_id: int) -> GfmdSyncJob:
    db.session.expire_all()
    return db.session.get_one(GfmdSyncJob, job_id)


def test_the_page_queues_the_sync_and_the_request_never_runs_it(app, organiser, client, settings):
    settings["GFMD_SYNC_JOBS_IN_THREAD"] = False  # as with a `forum worker` process
    job_id = post_sync(client, str(demo_feed_path()))
    with app.app_context():
        assert (_job(job_id).status, count_rows(GfmdSync), count_rows(Session)) == (
            SyncJobStatus.QUEUED,
            0,
            0,
        )
    page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
    assert "Waiting to start" in page
    assert 'src="/static/js/gfmd-sync-job.js"' in page
    sync_page = client.get("/admin/agenda/sync").get_data(as_text=True)
    assert f'href="/admin/agenda/sync/jobs/{job_id}"' in sync_page
    with app.app_context():
        assert run_queued_sync_jobs() == 1
        assert (_job(job_id).status, count_rows(Session)) == (SyncJobStatus.DONE, 31)
    page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
    assert "Summit agenda synced: 31 added, 0 updated, 0 cancelled, 0 unchanged." in page


def test_the_progress_json_follows_the_job_from_queued_to_done(app, organiser, client):
    with app.app_context():
        job_id = _queued()

    def state() -> dict[str, object]:
        return client.get(f"/admin/agenda/sync/jobs/{job_id}.json").get_json()

    assert state() == {
        "id": job_id, "status": "queued", "step": "", "sync_id": None, "error": None
    }  # fmt: skip
    with app.app_context():
        assert claim_sync_job(job_id) is True
        job = _job(job_id)
        job.step = "fetching"
        db.session.commit()
    assert state() == {
        "id": job_id, "status": "running", "step": "fetching", "sync_id": None, "error": None
    }  # fmt: skip
    with app.app_context():
        db.session.execute(sa.update(GfmdSyncJob).values(status=SyncJobStatus.QUEUED))
        db.session.commit()
        run_sync_job(job_id)
        sync_id = db.session.scalars(sa.select(GfmdSync.id)).one()
    assert state() == {
        "id": job_id, "status": "done", "step": "", "sync_id": sync_id, "error": None
    }  # fmt: skip


def test_the_progress_json_is_for_organisers_only(app, client):
    with app.app_context():
        factories.edition()
        factories.staff()
        job_id = _queued(str(demo_feed_path()))
    assert client.get(f"/admin/agenda/sync/jobs/{job_id}.json").status_code == 302
    Auth(client).login(*factories.STAFF)
    assert client.get(f"/admin/agenda/sync/jobs/{job_id}.json").status_code == 403


def test_a_sync_job_is_claimed_once_when_two_runners_race(app, organiser):
    with app.app_context():
        job_ids = [_queued() for _ in range(4)]
    for job_id in job_ids:
        start = threading.Barrier(2)
        results: list[bool] = []

        def runner(job_id: int, start: threading.Barrier, results: list[bool]) -> None:
            with app.app_context():
                start.wait()
                results.append(claim_sync_job(job_id))
                db.session.remove()

        threads = [threading.Thread(target=runner, args=(job_id, start, results)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(results) == [False, True]


def test_two_runners_racing_for_a_sync_run_it_once(app, organiser):
    with app.app_context():
        job_id = _queued()
    start = threading.Barrier(2)
    ran: list[bool] = []

    def runner() -> None:
        with app.app_context():
            start.wait()
            ran.append(run_sync_job(job_id))
            db.session.remove()

    threads = [threading.Thread(target=runner) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    with app.app_context():
        assert (sorted(ran), count_rows(GfmdSync), count_rows(Session)) == ([False, True], 1, 31)
        assert _job(job_id).status is SyncJobStatus.DONE


def test_the_worker_runs_queued_syncs(app, runner, organiser):
    with app.app_context():
        job_id = _queued()
    result = runner.invoke(args=["forum", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "summit syncs 1" in result.output.splitlines()
    with app.app_context():
        assert (_job(job_id).status, count_rows(Session)) == (SyncJobStatus.DONE, 31)


def test_an_unexpected_error_fails_the_job_and_is_kept_in_the_history(app, organiser):
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        edition.timezone = "Nowhere/Atlantis"  # stored by hand: no form would take it
        db.session.commit()
        job_id = _queued()
        assert run_sync_job(job_id) is True
        job = _job(job_id)
        assert (job.status, job.error, job.sync.status, job.sync.error) == (
            SyncJobStatus.FAILED,
            "unexpected",
            SyncStatus.FAILED,
            "unexpected",
        )
        assert count_rows(Session) == 0


def test_a_sync_whose_process_died_is_marked_failed(app, organiser):
    with app.app_context():
        job_id = _queued()
        claim_sync_job(job_id)
        assert fail_stale_jobs(now=utcnow()) == 0
        assert fail_stale_jobs(now=utcnow() + timedelta(minutes=11)) == 1
        db.session.commit()
        job = _job(job_id)
        assert (job.status, job.sync.error) == (
            SyncJobStatus.FAILED,
            "stopped",
        )


def test_asking_for_a_sync_fails_one_whose_process_died(app, organiser, client, settings):
    settings["GFMD_SYNC_JOBS_IN_THREAD"] = False
    with app.app_context():
        dead = _queued()
        claim_sync_job(dead)
        db.session.execute(
            sa.update(GfmdSyncJob).values(started_at=utcnow() - timedelta(minutes=11))
        )
        db.session.commit()
    new = post_sync(client, "")
    with app.app_context():
        assert (_job(dead).status, _job(new).status) == (
            SyncJobStatus.FAILED,
            SyncJobStatus.QUEUED,
        )


def test_loopback_is_refused_on_the_page_and_fetched_once_allowed(app, organiser, client, settings):
    with feed_server() as server:
        refused = wait_for_sync(client, post_sync(client, server.url("/summit.ics")))
        assert server.requests == []
        settings["GFMD_ALLOWED_HOSTS"] = ("127.0.0.1",)
        fetched = wait_for_sync(client, post_sync(client, server.url("/summit.ics")))
        assert [path for path, _ in server.requests] == ["/summit.ics"]
    assert (refused["status"], fetched["status"]) == ("failed", "done")
    with app.app_context():
        errors = [s.error for s in db.session.scalars(sa.select(GfmdSync).order_by(GfmdSync.id))]
    assert errors == ["not_allowed", ""]
    assert refused["error"] == (
        "The address is not allowed: the sync reads public addresses only"
        " (an administrator can allow a host)."
    )


def test_a_body_that_is_not_a_calendar_is_shown_nowhere(app, organiser, client, settings):
    settings["GFMD_ALLOWED_HOSTS"] = ("127.0.0.1",)
    with feed_server() as server:
        job_id = post_sync(client, server.url("/secret"))
        assert wait_for_sync(client, job_id)["status"] == "failed"
    job_page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
    history = client.get("/admin/agenda/sync").get_data(as_text=True)
    expected = "The file is not a calendar."
    with app.app_context():
        stored = [(s.error, s.warnings, s.changes) for s in db.session.scalars(sa.select(GfmdSync))]
    assert stored == [("not_calendar", [], [])]
    for text in (job_page, history):
        assert expected in text
        assert "SECRET" not in text and "root:x" not in text
    assert SECRET not in repr(stored)


def test_a_slow_feed_fails_at_the_deadline_and_is_kept_in_the_history(
    app, organiser, client, settings
):
    settings["GFMD_ALLOWED_HOSTS"] = ("127.0.0.1",)
    settings["GFMD_FETCH_DEADLINE_SECONDS"] = 1.5
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\n\r\nBEGIN:VCALENDAR\r\n"
    with trickle_server(head + b"X" * 100, every=0.25) as url:
        started = time.monotonic()
        job_id = post_sync(client, url)
        state = wait_for_sync(client, job_id)
        elapsed = time.monotonic() - started
    assert state["status"] == "failed"
    assert 1.5 <= elapsed < 4, f"the sync gave up after {elapsed:.1f} s"
    page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
    assert "The server did not answer in time." in page
    with app.app_context():
        assert [s.status for s in db.session.scalars(sa.select(GfmdSync))] == [SyncStatus.FAILED]
