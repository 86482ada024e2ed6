"""Badge batches in the background: claimed once, progress recorded, a PDF at the end."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.badges.jobs import (
    MAX_ATTEMPTS,
    STALE_AFTER,
    TakenOver,
    _render,
    claim_job,
    create_job,
    partial_path,
    recover_stale_jobs,
    run_badge_job,
    run_queued_jobs,
)
from forum.badges.models import Badge, BadgeJob, JobStatus
from forum.badges.services import qr_text
from forum.db import utcnow
from forum.extensions import db
from forum.registration.models import Category
from tests import factories
from tests.badges.helpers import approved, badge_of
from tests.pdf_reading import decode_qr_codes, page_count
from tests.test_races import run_at_once


def _job(**values: object) -> BadgeJob:
    edition = factories.edition()
    for n in range(6):
        approved(edition, f"d{n}@example.org", ("Delegate", f"N{n}"))
    fields: dict[str, object] = {"layout": "a4", "category": None, "not_printed": False}
    fields.update(values)
    job = create_job(edition, requested_by=factories.organiser(), **fields)  # type: ignore[arg-type]
    db.session.commit()
    return job


def _state(job_id: int) -> tuple[JobStatus, int, int]:
    db.session.expire_all()
    job = db.session.get_one(BadgeJob, job_id)
    return job.status, job.total, job.done


def test_a_job_goes_from_queued_to_running_to_done(ctx, badge_folder):
    job_id = _job().id
    assert _state(job_id) == (JobStatus.QUEUED, 0, 0)
    assert claim_job(job_id) == 1  # its first attempt
    assert _state(job_id) == (JobStatus.RUNNING, 0, 0)
    db.session.execute(sa.update(BadgeJob).values(status=JobStatus.QUEUED))
    db.session.commit()
    assert run_badge_job(job_id) is True
    assert _state(job_id) == (JobStatus.DONE, 6, 6)
    job = db.session.get_one(BadgeJob, job_id)
    assert Path(job.file_path).parent == badge_folder
    assert page_count(Path(job.file_path).read_bytes()) == 2
    # Made, not printed: nothing is marked until an organiser says the batch was printed.
    assert db.session.scalar(sa.select(sa.func.count()).where(Badge.printed_at.is_(None))) == 6
    assert len(job.badge_ids or []) == 6
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.target_type == "BadgeJob"))
    assert [event.action for event in events] == ["badges.pdf_made"]


def test_a_job_is_claimed_only_once(ctx):
    job_id = _job().id
    assert [claim_job(job_id), claim_job(job_id)] == [1, None]
    assert run_badge_job(job_id) is False  # already running elsewhere: left alone
    assert _state(job_id) == (JobStatus.RUNNING, 0, 0)


def test_a_job_prints_only_what_its_filters_ask_for(ctx):
    edition = factories.edition()
    youth = approved(edition, "young@example.org", ("Bo", "Young"), category=Category.YOUTH)
    approved(edition, "mayor@example.org", ("Ada", "Mayor"))
    job = create_job(
        edition, layout="card", category=Category.YOUTH, not_printed=True, requested_by=None
    )
    db.session.commit()
    run_badge_job(job.id)
    job = db.session.get_one(BadgeJob, job.id)
    assert decode_qr_codes(Path(job.file_path).read_bytes()) == [qr_text(badge_of(youth))]


def test_a_job_with_nothing_to_print_is_done_with_no_badges(ctx):
    edition = factories.edition()
    job = create_job(edition, layout="a4", category=None, not_printed=False, requested_by=None)
    db.session.commit()
    run_badge_job(job.id)
    assert _state(job.id) == (JobStatus.DONE, 0, 0)


def test_a_job_that_fails_says_why_and_prints_nothing(ctx, app, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    app.config["BADGE_JOB_DIR"] = str(blocker)
    job_id = _job().id
    run_badge_job(job_id)
    job = db.session.get_one(BadgeJob, job_id)
    assert (job.status, job.error.split(":")[0]) == (JobStatus.FAILED, "FileExistsError")
    assert db.session.scalar(sa.select(sa.func.count()).where(Badge.printed_at.is_not(None))) == 0


def test_the_worker_runs_queued_jobs_and_sends_mail(app, runner):
    with app.app_context():
        first = _job().id
        second = create_job(
            factories.edition(number=6, year=2020, is_current=False),
            layout="a6",
            category=None,
            not_printed=False,
            requested_by=None,
        ).id
        db.session.commit()
    result = runner.invoke(args=["forum", "worker", "--once"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == ("badge jobs 2; e-mails sent 0, retrying 0, failed 0")
    with app.app_context():
        assert [_state(first)[0], _state(second)[0]] == [JobStatus.DONE, JobStatus.DONE]
        assert run_queued_jobs() == 0


def _left_running(badge_folder: Path, *, heartbeat: datetime | None, attempts: int = 1) -> int:
    """A job whose runner died mid-batch: still running, its 0-byte partial PDF left behind."""
    job_id = _job().id
    db.session.execute(
        sa.update(BadgeJob)
        .where(BadgeJob.id == job_id)
        .values(status=JobStatus.RUNNING, heartbeat_at=heartbeat, attempts=attempts, done=4)
    )
    db.session.commit()
    badge_folder.mkdir(parents=True, exist_ok=True)
    (badge_folder / f"badges-{job_id}-a4-{attempts}.part").touch()
    return job_id


def test_a_job_whose_runner_died_is_run_again_by_the_worker(app, runner, badge_folder):
    with app.app_context():
        job_id = _left_running(badge_folder, heartbeat=utcnow() - STALE_AFTER - timedelta(1))
    result = runner.invoke(args=["forum", "worker", "--once"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert _state(job_id) == (JobStatus.DONE, 6, 6)
        job = db.session.get_one(BadgeJob, job_id)
        assert job.attempts == 2
        assert page_count(Path(job.file_path).read_bytes()) == 2
    assert sorted(p.name for p in badge_folder.iterdir()) == [f"badges-{job_id}-a4.pdf"]


def test_a_job_with_a_fresh_heartbeat_is_not_taken_from_its_runner(ctx, badge_folder):
    job_id = _left_running(badge_folder, heartbeat=utcnow() - timedelta(seconds=5))
    assert run_queued_jobs() == 0
    assert _state(job_id) == (JobStatus.RUNNING, 0, 4)
    assert [p.name for p in badge_folder.iterdir()] == [f"badges-{job_id}-a4-1.part"]


def test_a_job_that_keeps_dying_is_failed_with_a_message(ctx, badge_folder):
    job_id = _left_running(badge_folder, heartbeat=None, attempts=MAX_ATTEMPTS)
    assert run_queued_jobs() == 0
    job = db.session.get_one(BadgeJob, job_id)
    assert job.status is JobStatus.FAILED
    assert job.error == (
        "The batch stopped 3 times before it finished (its process ended); make it again."
    )
    assert list(badge_folder.iterdir()) == []


def test_a_runner_taken_over_leaves_the_job_to_its_new_runner(ctx, badge_folder):
    job_id = _job().id
    assert claim_job(job_id) == 1
    # The first runner stalls past the timeout; the worker queues the job again.
    db.session.execute(
        sa.update(BadgeJob).values(heartbeat_at=utcnow() - STALE_AFTER - timedelta(1))
    )
    assert recover_stale_jobs(now=utcnow()) == 1
    db.session.commit()
    assert claim_job(job_id) == 2
    # The stalled runner wakes up: its first heartbeat finds the job is no longer its own.
    job = db.session.get_one(BadgeJob, job_id)
    with pytest.raises(TakenOver):
        _render(job, 1, partial_path(job, 1))
    assert _state(job_id)[0] is JobStatus.RUNNING


def test_two_workers_taking_up_a_dead_job_at_once_run_it_once(app, badge_folder):
    with app.app_context():
        job_id = _left_running(badge_folder, heartbeat=utcnow() - STALE_AFTER - timedelta(1))
        db.session.remove()

    def work(_index: int) -> int:
        with app.app_context():
            try:
                return run_queued_jobs()
            finally:
                db.session.remove()

    assert sorted(run_at_once(2, work)) == [0, 1]  # type: ignore[type-var]
    with app.app_context():
        assert _state(job_id) == (JobStatus.DONE, 6, 6)
        assert db.session.get_one(BadgeJob, job_id).attempts == 2
