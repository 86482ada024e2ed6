"""Scans at the doors: one row per scan."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base

if TYPE_CHECKING:
    from forum.badges.models import Badge

ENTRANCE = "entrance"


class ScanStatus(enum.Enum):
    """The answer to one scan (the check-in API's ``status``)."""

    OK = "ok"
    ALREADY_CHECKED_IN = "already_checked_in"
    UNKNOWN = "unknown"
    REVOKED = "revoked"
    NOT_APPROVED = "not_approved"
    WRONG_EDITION = "wrong_edition"
    NOT_SIGNED_UP = "not_signed_up"
    ROOM_FULL = "room_full"


class CheckIn(Base):
    """One scan at one checkpoint, whatever its answer; the nonce makes replays harmless."""

    __tablename__ = "check_ins"
    __table_args__ = (
        # At most one admission per badge and checkpoint, whatever the scanners do.
        sa.Index(
            "uq_check_ins_admission",
            "badge_id",
            "checkpoint",
            unique=True,
            sqlite_where=sa.text("status = 'ok'"),
            postgresql_where=sa.text("status = 'ok'"),
        ),
        sa.Index("ix_check_ins_edition_checkpoint", "edition_id", "checkpoint", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    badge_id: Mapped[int | None] = mapped_column(sa.ForeignKey("badges.id"))
    # "entrance" or "session:<id>"
    checkpoint: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[ScanStatus] = mapped_column(enum_column(ScanStatus, 30))
    nonce: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # When the badge was scanned (offline scans arrive later), and when we learnt of it.
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    device: Mapped[str] = mapped_column(sa.String(120), default="")
    # The answer given, returned as it was when the same nonce comes again.
    response: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)

    badge: Mapped[Badge | None] = relationship()
