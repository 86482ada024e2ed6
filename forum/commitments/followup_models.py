"""Following commitments up: organisers' requests to a city for progress updates (with their
reminders and answers), and a mayor's confirmation of a city's entry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from forum.db import UTCDateTime, utcnow
from forum.extensions import Base

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.cities.models import City
    from forum.editions.models import Edition
    from forum.registration.models import Registration


class ProgressRequest(Base):
    """One request to one city for updates on its open entries of one edition; its private
    link works until ``expires_at`` unless a newer request for the city revoked it."""

    __tablename__ = "commitment_progress_requests"
    __table_args__ = (sa.Index("ix_commitment_progress_requests_city", "edition_id", "city_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id"))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    asked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who was written to: [{"email", "name", "locale"}], so a reminder goes to the same people.
    recipients: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    entries: Mapped[int] = mapped_column(default=0)

    edition: Mapped[Edition] = relationship()
    city: Mapped[City] = relationship()
    asked_by: Mapped[User | None] = relationship()

    def is_usable(self, now: datetime) -> bool:
        """True while the link works: not revoked, not expired."""
        return self.revoked_at is None and now < self.expires_at


class Confirmation(Base):
    """The city's mayor (or a delegate authorised to sign for it) confirmed an entry."""

    __tablename__ = "commitment_confirmations"

    commitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True
    )
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int]

    registration: Mapped[Registration] = relationship()
    # Every list of entries shows the badge: load confirmations with the entries, in one query.
    commitment = relationship(
        "Commitment", backref=backref("confirmation", uselist=False, lazy="selectin")
    )
