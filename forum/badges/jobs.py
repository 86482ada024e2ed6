"""Batch printing in the background: queue a job, claim it once, render it, report progress.

A job runs either in the `forum worker` process or, for single-process deployments, in a
daemon thread started by the request that queued it; whichever claims it first runs it.
A running job writes a heartbeat with its progress; when its process dies, the next round
of either runner queues it again (or fails it after MAX_ATTEMPTS) and removes its partial PDF.
Each attempt is numbered, so a runner that was only slow finds out and steps aside.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, current_app
from flask_babel import ngettext
from sqlalchemy.orm import joinedload

from forum.audit.services import record
from forum.auth.models import User
from forum.background import start_in_thread as in_thread
from forum.badges.models import BadgeJob, JobStatus
from forum.badges.printing import BadgeSelection, print_badges, selected_badge_ids
from forum.badges.sheets import LAYOUTS
from forum.db import lock_row, utcnow
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Category

log = logging.getLogger(__name__)

# How often a running job writes its progress: often enough for the progress bar,
# seldom enough not to turn rendering into a stream of commits.
PROGRESS_INTERVAL_SECONDS = 0.5
# A running job writes a heartbeat with its progress (a page takes milliseconds); one
# silent for this long lost its process and is taken up again, at most MAX_ATTEMPTS times.
STALE_AFTER = timedelta(minutes=2)
MAX_ATTEMPTS = 3


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
        layout=job.layout,
    )


def claim_job(job_id: int) -> int | None:
    """Move a queued job to running and commit; its attempt number, or None when another
    runner took it first."""
    # One conditional UPDATE: of two runners racing for the job, exactly one changes the row.
    claimed = db.session.execute(
        sa.update(BadgeJob)
        .where(BadgeJob.id == job_id, BadgeJob.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, heartbeat_at=utcnow(), attempts=BadgeJob.attempts + 1)
        .returning(BadgeJob.attempts)
        .execution_options(synchronize_session=False)
    ).scalar()
    db.session.commit()
    return claimed


class TakenOver(Exception):
    """This runner was silent too long: the job was queued again and another runner has it."""


def run_badge_job(job_id: int) -> bool:
    """Claim the job and render its PDF, committing as it goes; False if it was not ours."""
    attempt = claim_job(job_id)
    if attempt is None:
        return False
    job = db.session.get_one(BadgeJob, job_id)
    partial = partial_path(job, attempt)
    try:
        _render(job, attempt, partial)
    except TakenOver:
        db.session.rollback()
    except Exception as error:
        # A job that dies must say so, or its page would show "running" for ever.
        log.exception("badge job %s failed", job_id)
        db.session.rollback()
        _fail(job_id, attempt, error)
    finally:
        # Whatever happened, no half-written PDF stays behind (nor an error about one).
        with suppress(OSError):
            partial.unlink(missing_ok=True)
    return True


def partial_path(job: BadgeJob, attempt: int) -> Path:
    """Where one attempt at the job writes its PDF until it is complete."""
    return job_folder() / f"badges-{job.id}-{job.layout}-{attempt}.part"


def _render(job: BadgeJob, attempt: int, partial: Path) -> None:
    """Write the job's PDF next to its final name, then swap it in and mark the job done."""
    badge_ids = selected_badge_ids(selection_of(job))
    beat = _heartbeat(job.id, attempt)
    beat(total=len(badge_ids))
    partial.parent.mkdir(parents=True, exist_ok=True)
    with partial.open("wb") as out:
        count = print_badges(badge_ids, out, layout=job.layout, progress=_progress_saver(beat))
    job = lock_row(BadgeJob, job.id)
    if (job.status, job.attempts) != (JobStatus.RUNNING, attempt):  # checked inside the lock
        raise TakenOver
    path = job_folder() / f"badges-{job.id}-{job.layout}.pdf"
    partial.replace(path)
    job.total = job.done = count
    job.badge_ids = badge_ids
    job.file_path = str(path)
    job.status = JobStatus.DONE
    job.finished_at = utcnow()
    record("badges.pdf_made", job, actor=job.requested_by, count=count, layout=job.layout)
    db.session.commit()


def _heartbeat(job_id: int, attempt: int) -> Callable[..., None]:
    """A callback committing the job's progress and heartbeat; TakenOver if it is no longer
    this attempt's."""

    def beat(**progress: int) -> None:
        """Store the progress with the time, as long as the job is still ours."""
        stored = db.session.execute(
            sa.update(BadgeJob)
            .where(
                BadgeJob.id == job_id,
                BadgeJob.status == JobStatus.RUNNING,
                BadgeJob.attempts == attempt,
            )
            .values(heartbeat_at=utcnow(), **progress)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        if not stored.rowcount:  # type: ignore[attr-defined]
            raise TakenOver

    return beat


def _progress_saver(beat: Callable[..., None]) -> Callable[[int], None]:
    """A progress callback that stores how many badges are drawn, at most twice a second."""
    last_saved = time.monotonic()

    def save(done: int) -> None:
        """Note the count with a heartbeat when the last one is old enough."""
        nonlocal last_saved
        if time.monotonic() - last_saved >= PROGRESS_INTERVAL_SECONDS:
            beat(done=done)
            last_saved = time.monotonic()

    return save


def _fail(job_id: int, attempt: int, error: Exception) -> None:
    """Mark the job failed, with the error for the organiser to read (unless taken over)."""
    job = lock_row(BadgeJob, job_id)
    if (job.status, job.attempts) == (JobStatus.RUNNING, attempt):
        _mark_failed(job, f"{type(error).__name__}: {error}")
    db.session.commit()


def _mark_failed(job: BadgeJob, message: str) -> None:
    """The job failed: say why."""
    job.status = JobStatus.FAILED
    job.error = message[:2000]
    job.finished_at = utcnow()


def recover_stale_jobs(*, now: datetime) -> int:
    """Queue again the running jobs whose process died (no heartbeat for STALE_AFTER), or fail
    those that died MAX_ATTEMPTS times; their partial PDFs go. The caller commits."""
    cutoff = now - STALE_AFTER
    stale = db.session.scalars(
        sa.select(BadgeJob.id).where(
            BadgeJob.status == JobStatus.RUNNING,
            sa.or_(BadgeJob.heartbeat_at.is_(None), BadgeJob.heartbeat_at < cutoff),
        )
    ).all()
    recovered = 0
    for job_id in stale:
        job = lock_row(BadgeJob, job_id)
        # Checked again inside the lock: its runner may have written a heartbeat since.
        if job.status is not JobStatus.RUNNING or (job.heartbeat_at or cutoff) > cutoff:
            continue
        with suppress(OSError):
            for partial in job_folder().glob(f"badges-{job.id}-*.part"):
                partial.unlink(missing_ok=True)
        if job.attempts >= MAX_ATTEMPTS:
            _mark_failed(job, _stopped_message(job.attempts))
        else:
            job.status, job.done = JobStatus.QUEUED, 0
        recovered += 1
    return recovered


def _stopped_message(attempts: int) -> str:
    """Why a job that kept dying was given up."""
    return ngettext(
        "The batch stopped before it finished (its process ended); make it again.",
        "The batch stopped %(num)d times before it finished (its process ended); make it again.",
        attempts,
    )


def run_queued_jobs() -> int:
    """Take up the jobs whose runner died, then run every queued badge job, oldest first;
    returns how many this runner ran."""
    recover_stale_jobs(now=utcnow())
    db.session.commit()
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
    return in_thread(app, f"badge-job-{job_id}", lambda: _run_then_queued(job_id))


def _run_then_queued(job_id: int) -> None:
    run_badge_job(job_id)
    # Without a worker, nobody else takes up batches whose process died: this does.
    run_queued_jobs()
