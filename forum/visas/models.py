"""Visa invitation letters: a delegate's request, the passport data sealed at rest, and the
code a consulate uses to check the letter."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base
from forum.translated import translations_column

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.registration.models import Registration


class VisaStatus(enum.Enum):
    """Where a request stands: asked, then a letter issued or refused; an issued one revoked."""

    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    REVOKED = "revoked"


class VisaRequest(Base):
    """One delegate's request for an invitation letter (at most one per registration)."""

    __tablename__ = "visa_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"), unique=True)
    status: Mapped[VisaStatus] = mapped_column(
        enum_column(VisaStatus, 20), default=VisaStatus.REQUESTED
    )
    # What the verification page may show, kept after the passport data is deleted.
    holder_name: Mapped[str] = mapped_column(sa.String(200))
    nationality: Mapped[str] = mapped_column(sa.String(2))
    # Passport number, its expiry, the date of birth and the consulate: Fernet-encrypted JSON,
    # None once deleted after the edition.
    sealed_passport: Mapped[str | None] = mapped_column(sa.Text)
    passport_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Crockford base32, unique; given when the letter is issued.
    code: Mapped[str | None] = mapped_column(sa.String(16), unique=True)
    # In the edition's default language; the organisers' other languages beside it.
    refusal_reason: Mapped[str] = mapped_column(sa.Text, default="")
    refusal_reason_i18n: Mapped[dict[str, str]] = translations_column()
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    registration: Mapped[Registration] = relationship()
    decided_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<VisaRequest {self.id} {self.status.value}>"
