"""Batch printing in the background: queue a job, claim it once, render it, report progress.

A job runs either in the `forum worker` process or, for single-process deployments, in a
daemon thread started by the request that queued it; whichever claims it first runs it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import joinedload

from forum.audit.services import record
from forum.auth.models import User
from forum.badges.models import BadgeJob, JobStatus
from forum.badges.printing import BadgeSelection, print_badges, selected_badge_ids
from forum.badges.sheets import LAYOUTS
from forum.db import utcnow
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Category

log = logging.getLogger(__name__)

# How often a running job writes its progress: often enough for the progress bar,
# seldom enough not to turn rendering into a stream of commits.
PROGRESS_INTERVAL_SECONDS = 0.5


def job_folder() -> Path:
    """Where finished badge PDFs are kept (BADGE_JOB_DIR, else <instance>/badges)."""
    configured = current_app.config.get("BADGE_JOB_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "badges"


def create_job(
    edition: Edition,
    *,
    layout: str,
    category: Category | None,
    not_printed: bool,
    requested_by: User | None,
) -> BadgeJob:
    """A queued job for the matching badges; the caller commits, then starts it."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown badge layout {layout!r}")
    job = BadgeJob(
        edition_id=edition.id,
        requested_by=requested_by,
        layout=layout,
        filters={"category": category.value if category else None, "not_printed": not_printed},
        status=JobStatus.QUEUED,
    )
    db.session.add(job)
    db.session.flush()
    return job


def recent_jobs(edition: Edition, limit: int = 20) -> list[BadgeJob]:
    """The edition's latest batches, newest first, with who asked for them."""
    return list(
        db.session.scalars(
            sa.select(BadgeJob)
            .where(BadgeJob.edition_id == edition.id)
            .options(joinedload(BadgeJob.requested_by))
            .order_by(BadgeJob.id.desc())
            .limit(limit)
        )
    )


def selection_of(job: BadgeJob) -> BadgeSelection:
    """The badges a job asked for."""
    category = job.filters.get("category")
    return BadgeSelection(
        edition_id=job.edition_id,
        category=Category(category) if isinstance(category, str) else None,
        not_printed=bool(job.filters.get("not_printed")),
    )


def claim_job(job_id: int) -> bool:
    """Move a queued job to running and commit; False when another runner took it first."""
    # One conditional UPDATE: of two runners racing for the job, exactly one changes the row.
    claimed = db.session.execute(
        sa.update(BadgeJob)
        .where(BadgeJob.id == job_id, BadgeJob.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def run_badge_job(job_id: int) -> bool:
    """Claim the job and render its PDF, committing as it goes; False if it was not ours."""
    if not claim_job(job_id):
        return False
    try:
        _render(db.session.get_one(BadgeJob, job_id))
    except Exception as error:
        # A job that dies must say so, or its page would show "running" for ever.
        log.exception("badge job %s failed", job_id)
        db.session.rollback()
        _fail(job_id, error)
    return True


def _render(job: BadgeJob) -> None:
    """Write the job's PDF next to its final name, then swap it in and mark the job done."""
    badge_ids = selected_badge_ids(selection_of(job))
    job.total = len(badge_ids)
    db.session.commit()
    folder = job_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"badges-{job.id}-{job.layout}.pdf"
    partial = path.with_suffix(".part")
    with partial.open("wb") as out:
        count = print_badges(
            badge_ids, out, layout=job.layout, now=utcnow(), progress=_progress_saver(job)
        )
    partial.replace(path)
    job.done = count
    job.file_path = str(path)
    job.status = JobStatus.DONE
    job.finished_at = utcnow()
    record("badges.printed", job, actor=job.requested_by, count=count, layout=job.layout)
    db.session.commit()


def _progress_saver(job: BadgeJob) -> Callable[[int], None]:
    """A progress callback that stores how many badges are drawn, at most twice a second."""
    last_saved = time.monotonic()

    def save(done: int) -> None:
        """Note the count; commit it when the last commit is old enough."""
        nonlocal last_saved
        job.done = done
        if time.monotonic() - last_saved >= PROGRESS_INTERVAL_SECONDS:
            db.session.commit()
            last_saved = time.monotonic()

    return save


def _fail(job_id: int, error: Exception) -> None:
    """Mark the job failed, with the error for the organiser to read."""
    job = db.session.get_one(BadgeJob, job_id)
    job.status = JobStatus.FAILED
    job.error = f"{type(error).__name__}: {error}"[:2000]
    job.finished_at = utcnow()
    db.session.commit()


def run_queued_jobs() -> int:
    """Run every queued badge job, oldest first; returns how many this runner ran."""
    ran = 0
    while True:
        job_id = db.session.scalar(
            sa.select(BadgeJob.id)
            .where(BadgeJob.status == JobStatus.QUEUED)
            .order_by(BadgeJob.id)
            .limit(1)
        )
        if job_id is None:
            return ran
        ran += run_badge_job(job_id)


def start_in_thread(app: Flask, job_id: int) -> threading.Thread:
    """Run the job in a daemon thread with its own application context."""
    thread = threading.Thread(
        target=_run_in_context, args=(app, job_id), name=f"badge-job-{job_id}", daemon=True
    )
    thread.start()
    return thread


def _run_in_context(app: Flask, job_id: int) -> None:
    """The thread's body: the job, in an app context (and a session) of its own."""
    with app.app_context():
        try:
            run_badge_job(job_id)
        finally:
            db.session.remove()
