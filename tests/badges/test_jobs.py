"""Badge batches in the background: claimed once, progress recorded, a PDF at the end."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.badges.jobs import claim_job, create_job, run_badge_job, run_queued_jobs
from forum.badges.models import Badge, BadgeJob, JobStatus
from forum.badges.services import qr_text
from forum.extensions import db
from forum.registration.models import Category
from tests import factories
from tests.badges.helpers import approved, badge_of
from tests.pdf_reading import decode_qr_codes, page_count


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
    assert claim_job(job_id) is True
    assert _state(job_id) == (JobStatus.RUNNING, 0, 0)
    db.session.execute(sa.update(BadgeJob).values(status=JobStatus.QUEUED))
    db.session.commit()
    assert run_badge_job(job_id) is True
    assert _state(job_id) == (JobStatus.DONE, 6, 6)
    job = db.session.get_one(BadgeJob, job_id)
    assert Path(job.file_path).parent == badge_folder
    assert page_count(Path(job.file_path).read_bytes()) == 2
    assert db.session.scalar(sa.select(sa.func.count()).where(Badge.printed_at.is_(None))) == 0
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.target_type == "BadgeJob"))
    assert [event.action for event in events] == ["badges.printed"]


def test_a_job_is_claimed_only_once(ctx):
    job_id = _job().id
    assert [claim_job(job_id), claim_job(job_id)] == [True, False]
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
