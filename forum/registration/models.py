"""A delegate's registration for an edition."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from forum.cities.folding import match_key
from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.cities.models import City
    from forum.editions.models import Edition


def new_calendar_secret() -> str:
    """A fresh unguessable secret for a personal calendar address."""
    return secrets.token_urlsafe(24)


class Category(enum.Enum):
    """Delegate categories seen at the forum."""

    MAYOR = "mayor"
    DEPUTY_MAYOR = "deputy_mayor"
    CITY_OFFICIAL = "city_official"
    REGIONAL_GOVERNMENT = "regional_government"
    NATIONAL_GOVERNMENT = "national_government"
    UN_AGENCY = "un_agency"
    FINANCIAL_INSTITUTION = "financial_institution"
    CITY_NETWORK = "city_network"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_SECTOR = "private_sector"
    ACADEMIA = "academia"
    YOUTH = "youth"
    MEDIA = "media"
    ORGANISER_STAFF = "organiser_staff"


class RegistrationStatus(enum.Enum):
    """Where a registration stands in its lifecycle."""

    PENDING = "pending"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


def full_name(given_name: str, family_name: str) -> str:
    """A delegate's name as badges, scanners and lists show it."""
    return f"{given_name} {family_name}"


class Registration(Base):
    """One person's registration for one edition."""

    __tablename__ = "registrations"
    __table_args__ = (
        sa.UniqueConstraint("edition_id", "user_id"),
        sa.Index("ix_registrations_edition_status", "edition_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id"))
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    # The full name folded (no accents, lower case), so "valerie" finds "Valérie".
    name_key: Mapped[str] = mapped_column(sa.String(201), default="", server_default="", index=True)
    # Name, organisation, city, country and e-mail transliterated to lower-case ASCII, so
    # "lodz" finds Łódź; kept by registration/search.py, searched word by word with LIKE.
    search_text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    category: Mapped[Category] = mapped_column(enum_column(Category, 30))
    position_title: Mapped[str] = mapped_column(sa.String(200))
    organisation: Mapped[str] = mapped_column(sa.String(200), default="")
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    accessibility_needs: Mapped[str] = mapped_column(sa.Text, default="")
    dietary_needs: Mapped[str] = mapped_column(sa.Text, default="")
    needs_visa_letter: Mapped[bool] = mapped_column(default=False)
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus), default=RegistrationStatus.PENDING
    )
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # The secret in the personal calendar feed's address; resetting it revokes old links.
    calendar_secret: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=new_calendar_secret
    )
    # Part of the signed private link: bumping it ends every earlier link (a new link).
    link_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the status last changed; orders the wait list first come, first served.
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # Wait-listed only because the forum was full: such delegates are offered freed places
    # in turn; one an organiser wait-listed for a reason is not.
    waitlisted_for_capacity: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # While set (and the status is wait-listed), a place is offered until this moment.
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Changes of who an approved delegate represents, waiting for an organiser (see changes.py).
    pending_changes: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    changes_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    edition: Mapped[Edition] = relationship()
    user: Mapped[User] = relationship()
    city: Mapped[City] = relationship()

    @validates("given_name", "family_name")
    def _keep_name_key(self, field: str, value: str) -> str:
        names = {"given_name": self.given_name, "family_name": self.family_name, field: value}
        self.name_key = match_key(f"{names['given_name'] or ''} {names['family_name'] or ''}")
        return value

    @property
    def full_name(self) -> str:
        return full_name(self.given_name, self.family_name)

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status.value}>"
