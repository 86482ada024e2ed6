"""Badges: the secret code behind each delegate's QR, and batch printing jobs."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.editions.models import Edition
    from forum.registration.models import Registration

CODE_BYTES = 20  # 160 random bits


def new_badge_code() -> str:
    """A fresh unguessable badge code (URL-safe text)."""
    return secrets.token_urlsafe(CODE_BYTES)


def code_hash(code: str) -> str:
    """The SHA-256 of a code: what offline rosters carry instead of the code itself."""
    return hashlib.sha256(code.encode()).hexdigest()


class Badge(Base):
    """A registration's badge; reissuing revokes it and issues a new one."""

    __tablename__ = "badges"
    __table_args__ = (sa.Index("ix_badges_registration", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"))
    code: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_badge_code)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When an organiser first confirmed it printed, on any layout (see BadgePrint per layout).
    printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    registration: Mapped[Registration] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<Badge {self.id} of registration {self.registration_id}>"


class JobStatus(enum.Enum):
    """Where a batch printing job stands."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BadgeJob(Base):
    """A batch of badges rendered in the background into one PDF."""

    __tablename__ = "badge_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    layout: Mapped[str] = mapped_column(sa.String(20), default="a4")
    # Which badges: {"category": "mayor" | None, "not_printed": bool}.
    filters: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(enum_column(JobStatus), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    file_path: Mapped[str] = mapped_column(sa.String(500), default="")
    error: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Written by the running job as it progresses: a running job whose heartbeat is old
    # lost its process, and the worker takes it up again (or fails it after `attempts`).
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    # The badges drawn, in order, so that "mark printed" marks exactly those (None: a batch
    # from before badges were marked on confirmation, marked when it was made).
    badge_ids: Mapped[list[int] | None] = mapped_column(sa.JSON)
    printed_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    printed_confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    edition: Mapped[Edition] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    printed_confirmed_by: Mapped[User | None] = relationship(foreign_keys=[printed_confirmed_by_id])


class BadgePrint(Base):
    """A badge printed on one layout, as an organiser (or the CLI) confirmed."""

    __tablename__ = "badge_prints"
    __table_args__ = (sa.UniqueConstraint("badge_id", "layout", name="uq_badge_prints_layout"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    badge_id: Mapped[int] = mapped_column(sa.ForeignKey("badges.id"))
    layout: Mapped[str] = mapped_column(sa.String(20))
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    job_id: Mapped[int | None] = mapped_column(sa.ForeignKey("badge_jobs.id"))
