"""A summit sync run in the background, and a sync held until an organiser confirms it."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.agenda.models import GfmdSync
from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.editions.models import Edition


class SyncJobStatus(enum.Enum):
    """Where a background sync stands."""

    QUEUED = "queued"
    RUNNING = "running"
    HELD = "held"  # it would cancel too much: waiting for an organiser's word
    DONE = "done"
    FAILED = "failed"
    DISCARDED = "discarded"


FINISHED = (SyncJobStatus.DONE, SyncJobStatus.FAILED, SyncJobStatus.DISCARDED)


class GfmdSyncJob(Base):
    """One summit sync asked for on the organisers' page, run by the worker or a thread."""

    __tablename__ = "gfmd_sync_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    source: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[SyncJobStatus] = mapped_column(
        enum_column(SyncJobStatus), default=SyncJobStatus.QUEUED
    )
    # While running: "fetching" the feed, then "applying" it.
    step: Mapped[str] = mapped_column(sa.String(20), default="")
    # The organiser confirmed the cancellations of a held sync: apply it whatever it cancels.
    confirmed: Mapped[bool] = mapped_column(default=False)
    # The feed as read, kept while held, so what is confirmed is exactly what was previewed.
    held_feed: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    # What a held sync would do: {"counts", "scheduled", "share", "changes", "warnings", …}.
    preview: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    sync_id: Mapped[int | None] = mapped_column(sa.ForeignKey("gfmd_syncs.id"))
    error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    edition: Mapped[Edition] = relationship()
    requested_by: Mapped[User | None] = relationship()
    sync: Mapped[GfmdSync | None] = relationship()

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    def __repr__(self) -> str:
        return f"<GfmdSyncJob {self.id} {self.status.value}>"
