"""The history of the summit syncs of an edition: what each did, or why it failed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from forum.agenda.models import GfmdSync, SyncStatus
from forum.editions.models import Edition
from forum.extensions import db

SOURCE_LENGTH = 500  # the columns holding a source


def record_failed_sync(
    edition: Edition, source: str | None, error: str, *, now: datetime
) -> GfmdSync:
    """A failed sync, kept in the history (in the caller's transaction)."""
    record = GfmdSync(
        edition_id=edition.id,
        source=(source or edition.gfmd_agenda_source or "")[:SOURCE_LENGTH],
        started_at=now,
        status=SyncStatus.FAILED,
        error=error,
    )
    db.session.add(record)
    db.session.flush()
    return record


def sync_history(edition: Edition, *, limit: int = 50) -> list[GfmdSync]:
    """The edition's latest syncs, newest first."""
    query = (
        sa.select(GfmdSync)
        .where(GfmdSync.edition_id == edition.id)
        .order_by(GfmdSync.started_at.desc(), GfmdSync.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def latest_sync_id(edition: Edition) -> int:
    """The id of the edition's latest sync that changed something (not a failed one), or 0."""
    query = sa.select(sa.func.max(GfmdSync.id)).where(
        GfmdSync.edition_id == edition.id, GfmdSync.status == SyncStatus.OK
    )
    return db.session.scalar(query) or 0
