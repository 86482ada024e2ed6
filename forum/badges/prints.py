"""Which badges were printed on which layout: recorded when an organiser confirms a batch
was printed (making a PDF prints nothing), or when the CLI is told to."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.audit.services import record
from forum.auth.models import User
from forum.badges.models import Badge, BadgeJob, BadgePrint, JobStatus
from forum.db import insert_skipping_conflicts, lock_row
from forum.errors import NotAllowed
from forum.extensions import db

# Rows written per statement: keeps each statement's parameter list well under the limits.
BATCH_SIZE = 200


def mark_printed(
    badge_ids: Sequence[int], *, layout: str, now: datetime, job: BadgeJob | None = None
) -> int:
    """Record these badges printed on ``layout`` at ``now``, leaving those already recorded
    as they were; returns how many were new. The caller commits."""
    added = 0
    for start in range(0, len(badge_ids), BATCH_SIZE):
        batch = badge_ids[start : start + BATCH_SIZE]
        rows = [
            {"badge_id": badge_id, "layout": layout, "printed_at": now, "job_id": job and job.id}
            for badge_id in batch
        ]
        # ON CONFLICT DO NOTHING: two batches sharing badges may be confirmed at once.
        inserted = db.session.execute(_insert_new().values(rows).returning(BadgePrint.id))
        added += len(inserted.all())
        db.session.execute(
            sa.update(Badge)
            .where(Badge.id.in_(batch), Badge.printed_at.is_(None))
            .values(printed_at=now)
            .execution_options(synchronize_session=False)
        )
    return added


def _insert_new() -> sa.Insert:
    """An INSERT of badge prints that skips the (badge, layout) pairs already there."""
    return insert_skipping_conflicts(BadgePrint, index_elements=["badge_id", "layout"])


def confirm_printed(job_id: int, *, actor: User | None, now: datetime) -> int:
    """Mark the badges a finished batch drew as printed on its layout; returns how many were
    new. Confirming again does nothing. The caller commits."""
    job: BadgeJob = lock_row(BadgeJob, job_id)
    if job.status is not JobStatus.DONE or not job.badge_ids:
        raise NotAllowed("batch_not_markable", _("This batch has no badges to mark printed."))
    if job.printed_confirmed_at is not None:  # checked inside the lock: a second click
        return 0
    added = mark_printed(job.badge_ids, layout=job.layout, now=now, job=job)
    job.printed_confirmed_at = now
    job.printed_confirmed_by = actor
    record(
        "badges.marked_printed",
        job,
        actor=actor,
        count=len(job.badge_ids),
        new=added,
        layout=job.layout,
    )
    return added
