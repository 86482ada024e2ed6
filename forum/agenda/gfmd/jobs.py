"""Summit syncs in the background: queued by the organisers' page, claimed once, run by the
`forum worker` process or by a daemon thread, held when they would cancel too much.

A sync never runs inside a request: fetching a feed may take up to the fetch deadline,
and a web worker must not wait for it.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from functools import partial

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from forum.agenda.gfmd.fetch import FeedError, read_source
from forum.agenda.gfmd.history import latest_sync_id, record_failed_sync
from forum.agenda.gfmd.models import GfmdSyncJob, SyncJobStatus
from forum.agenda.gfmd.reconcile import SyncHeld, apply_feed, source_for
from forum.agenda.gfmd.settings import fetch_policy
from forum.agenda.models import GfmdSync, SyncStatus
from forum.audit.services import record
from forum.auth.models import User
from forum.background import start_in_thread as in_thread
from forum.db import lock_row, utcnow
from forum.editions.models import Edition
from forum.errors import NotAllowed
from forum.extensions import db

log = logging.getLogger(__name__)

# A sync ends within its fetch deadline plus a moment to apply it; one still "running"
# after this long died with its process, and is marked failed so its page says so.
STALE_AFTER = timedelta(minutes=10)
WAITING = (SyncJobStatus.QUEUED, SyncJobStatus.RUNNING, SyncJobStatus.HELD)


def queue_sync(
    edition: Edition, source: str | None, *, requested_by: User | None, now: datetime
) -> GfmdSyncJob:
    """A queued sync of ``source`` (empty: the edition's own); the caller commits and starts it."""
    # Without a worker nobody else notices a sync whose process died: asking for a new one does.
    fail_stale_jobs(now=now)
    job = GfmdSyncJob(
        edition_id=edition.id,
        requested_by=requested_by,
        source=(source or "").strip(),
        status=SyncJobStatus.QUEUED,
        created_at=now,
    )
    db.session.add(job)
    db.session.flush()
    return job


def waiting_jobs(edition: Edition) -> list[GfmdSyncJob]:
    """The edition's syncs not finished yet (queued, running or held), newest first."""
    query = (
        sa.select(GfmdSyncJob)
        .where(GfmdSyncJob.edition_id == edition.id, GfmdSyncJob.status.in_(WAITING))
        .options(joinedload(GfmdSyncJob.requested_by))
        .order_by(GfmdSyncJob.id.desc())
    )
    return list(db.session.scalars(query))


def claim_sync_job(job_id: int) -> bool:
    """Move a queued job to running and commit; False when another runner took it first."""
    # One conditional UPDATE: of two runners racing for the job, exactly one changes the row.
    claimed = db.session.execute(
        sa.update(GfmdSyncJob)
        .where(GfmdSyncJob.id == job_id, GfmdSyncJob.status == SyncJobStatus.QUEUED)
        .values(status=SyncJobStatus.RUNNING, started_at=utcnow(), step="")
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def run_sync_job(job_id: int) -> bool:
    """Claim the job and run its sync, committing as it goes; False if it was not ours."""
    if not claim_sync_job(job_id):
        return False
    try:
        _run(db.session.get_one(GfmdSyncJob, job_id))
    except Exception:
        # A sync that dies must say so, or its page would show "running" for ever.
        log.exception("summit sync job %s failed", job_id)
        db.session.rollback()
        _fail(job_id, "unexpected")
    return True


def _run(job: GfmdSyncJob) -> None:
    """Fetch the feed (unless a confirmed preview brings it), apply it or hold it."""
    edition, data = job.edition, None
    try:
        source = source_for(edition, job.source)
        data = job.held_feed if job.confirmed else None
        if data is None:
            _note_step(job, "fetching")
            data = read_source(source, fetch_policy())
        _note_step(job, "applying")
        latest = job.preview.get("latest_sync") if job.confirmed else None
        with db.session.begin_nested():
            synced = apply_feed(
                edition, source, data, now=utcnow(), confirmed=job.confirmed, latest_sync=latest
            )
    except FeedError as error:
        # The page says it in plain words; what exactly went wrong is for the server's log.
        log.warning("summit sync job %s failed: %s", job.id, error.message)
        synced = record_failed_sync(edition, job.source, error.reason, now=utcnow())
    except SyncHeld as held:
        _hold(job, data, held)
        return
    _finish(job, synced)


def _note_step(job: GfmdSyncJob, step: str) -> None:
    """Say what the job is doing, for its page (committed: no transaction waits on a fetch)."""
    job.step = step
    db.session.commit()


def _hold(job: GfmdSyncJob, data: bytes | None, held: SyncHeld) -> None:
    """Keep the feed and what it would do until an organiser confirms or discards it."""
    job.status = SyncJobStatus.HELD
    job.held_feed = data
    job.preview = held.preview
    job.step = ""
    db.session.commit()


def _finish(job: GfmdSyncJob, synced: GfmdSync) -> None:
    """Link the job to its history entry; done or failed as the sync was."""
    job.sync = synced
    job.status = SyncJobStatus.DONE if synced.status is SyncStatus.OK else SyncJobStatus.FAILED
    job.error = synced.error
    job.step = ""
    job.held_feed = None
    job.finished_at = utcnow()
    db.session.commit()


def _fail(job_id: int, reason: str) -> None:
    """Mark the job failed (``reason``: a code of failures.py) and commit."""
    _mark_failed(db.session.get_one(GfmdSyncJob, job_id), reason)
    db.session.commit()


def _mark_failed(job: GfmdSyncJob, reason: str) -> None:
    """The job failed: say why, and keep the failure in the sync history too."""
    job.sync = record_failed_sync(job.edition, job.source, reason, now=utcnow())
    job.status = SyncJobStatus.FAILED
    job.error = reason
    job.step = ""
    job.held_feed = None
    job.finished_at = utcnow()


def run_queued_sync_jobs() -> int:
    """Run every queued sync, oldest first; returns how many this runner ran."""
    fail_stale_jobs(now=utcnow())
    db.session.commit()
    ran = 0
    while True:
        job_id = db.session.scalar(
            sa.select(GfmdSyncJob.id)
            .where(GfmdSyncJob.status == SyncJobStatus.QUEUED)
            .order_by(GfmdSyncJob.id)
            .limit(1)
        )
        if job_id is None:
            return ran
        ran += run_sync_job(job_id)


def fail_stale_jobs(*, now: datetime) -> int:
    """Mark failed the syncs still running long after any sync ends (their process died);
    the caller commits."""
    stale = db.session.scalars(
        sa.select(GfmdSyncJob.id).where(
            GfmdSyncJob.status == SyncJobStatus.RUNNING, GfmdSyncJob.started_at < now - STALE_AFTER
        )
    ).all()
    failed = 0
    for job_id in stale:
        job = lock_row(GfmdSyncJob, job_id)
        if job.status is SyncJobStatus.RUNNING:  # checked again inside the lock
            _mark_failed(job, "stopped")
            failed += 1
    return failed


def confirm_held(job_id: int, *, actor: User | None) -> GfmdSyncJob:
    """Queue a held sync again, to be applied with its cancellations; the caller commits."""
    job = _held(job_id)
    if latest_sync_id(job.edition) != job.preview.get("latest_sync"):
        raise NotAllowed(
            "sync_outdated",
            _("The summit agenda was synced again since this preview; sync anew."),
        )
    job.status = SyncJobStatus.QUEUED
    job.confirmed = True
    counts = job.preview.get("counts", {})
    record("gfmd.sync_confirmed", job, actor=actor, cancelled=counts.get("cancelled", 0))
    return job


def discard_held(job_id: int, *, actor: User | None, now: datetime) -> GfmdSyncJob:
    """Drop a held sync: the programme stays as it is; the caller commits."""
    job = _held(job_id)
    job.status = SyncJobStatus.DISCARDED
    job.held_feed = None
    job.finished_at = now
    record("gfmd.sync_discarded", job, actor=actor)
    return job


def _held(job_id: int) -> GfmdSyncJob:
    """The job, locked, when it is held; NotAllowed otherwise (two organisers, one click)."""
    job: GfmdSyncJob = lock_row(GfmdSyncJob, job_id)
    if job.status is not SyncJobStatus.HELD:
        raise NotAllowed("sync_not_held", _("This sync is no longer waiting for a confirmation."))
    return job


def start_in_thread(app: Flask, job_id: int) -> threading.Thread:
    """Run the job in a daemon thread with its own application context."""
    return in_thread(app, f"gfmd-sync-{job_id}", partial(run_sync_job, job_id))
