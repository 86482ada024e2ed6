"""What a city does, commits to and needs under one theme, and the progress it reports."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base
from forum.translated import translations_column

if TYPE_CHECKING:
    from forum.agenda.models import Theme
    from forum.auth.models import User
    from forum.cities.models import City
    from forum.editions.models import Edition
    from forum.registration.models import Registration


class Kind(enum.Enum):
    """What an entry says: an action under way, a new pledge, or a need."""

    DOING = "doing"
    COMMITMENT = "commitment"
    SUPPORT_NEEDED = "support_needed"


class SupportArea(enum.Enum):
    """The three areas in which cities need or offer support."""

    RESOURCES = "resources"
    TOOLS = "tools"
    PARTNERSHIPS = "partnerships"


class PartnershipLevel(enum.Enum):
    """With whom a partnership is sought or offered."""

    LOCAL = "local"
    NATIONAL = "national"
    GLOBAL = "global"


class Status(enum.Enum):
    """Where an entry is in moderation."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class ProgressStatus(enum.Enum):
    """How far a city says it has come (the latest update counts)."""

    PLANNING = "planning"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    NOT_PURSUED = "not_pursued"


class OffererKind(enum.Enum):
    """Who offers support: a city, or an organisation of one of these kinds."""

    CITY = "city"
    UN_AGENCY = "un_agency"
    CITY_NETWORK = "city_network"
    FOUNDATION = "foundation"
    DEVELOPMENT_BANK = "development_bank"
    OTHER = "other"


class OfferStatus(enum.Enum):
    """Offers are published by organisers, or withdrawn."""

    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class Commitment(Base):
    """One city's entry under one theme of an edition."""

    __tablename__ = "commitments"
    __table_args__ = (
        sa.Index("ix_commitments_edition_status", "edition_id", "status"),
        sa.CheckConstraint(
            "(support_partnerships AND partnership_level IS NOT NULL)"
            " OR (NOT support_partnerships AND partnership_level IS NULL)",
            name="partnership_level_with_partnerships",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id"), index=True)
    theme_id: Mapped[int] = mapped_column(sa.ForeignKey("themes.id"), index=True)
    kind: Mapped[Kind] = mapped_column(enum_column(Kind))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(8))
    support_resources: Mapped[bool] = mapped_column(default=False)
    support_tools: Mapped[bool] = mapped_column(default=False)
    support_partnerships: Mapped[bool] = mapped_column(default=False)
    partnership_level: Mapped[PartnershipLevel | None] = mapped_column(
        enum_column(PartnershipLevel)
    )
    # Global Compact on Refugees objectives, 1 to 4 (the GCM's are in their own table).
    gcr_objectives: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    target: Mapped[str] = mapped_column(sa.String(1000), default="")
    target_date: Mapped[date | None]
    partners: Mapped[str] = mapped_column(sa.String(500), default="")
    contact_id: Mapped[int | None] = mapped_column(sa.ForeignKey("registrations.id"))
    status: Mapped[Status] = mapped_column(enum_column(Status), default=Status.DRAFT)
    organiser_comment: Mapped[str] = mapped_column(sa.Text, default="")
    is_public: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Grows on every change: an edit made against an older version is refused, not lost.
    version: Mapped[int] = mapped_column(default=1)
    # Set when organisers merge this entry into another: its address then leads there.
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("commitments.id"))
    # Translations of title and description into languages other than ``language``.
    title_i18n: Mapped[dict[str, str]] = translations_column()
    description_i18n: Mapped[dict[str, str]] = translations_column()

    edition: Mapped[Edition] = relationship()
    city: Mapped[City] = relationship()
    theme: Mapped[Theme] = relationship()
    contact: Mapped[Registration | None] = relationship()
    gcm_links: Mapped[list[GcmLink]] = relationship(
        cascade="all, delete-orphan", order_by="GcmLink.objective"
    )
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="commitment",
        order_by="(ProgressUpdate.reported_on.desc(), ProgressUpdate.id.desc())",
    )

    @property
    def gcm_objectives(self) -> list[int]:
        """The numbers of the GCM objectives it serves, in order."""
        return [link.objective for link in self.gcm_links]

    @property
    def support_areas(self) -> list[SupportArea]:
        """The support areas ticked."""
        ticked = (self.support_resources, self.support_tools, self.support_partnerships)
        return [area for area, on in zip(SupportArea, ticked, strict=True) if on]

    @property
    def latest_update(self) -> ProgressUpdate | None:
        """Its progress: the latest update, if any."""
        return self.updates[0] if self.updates else None


class GcmLink(Base):
    """A commitment serves one of the GCM's 23 objectives."""

    __tablename__ = "commitment_gcm_objectives"
    __table_args__ = (sa.CheckConstraint("objective BETWEEN 1 AND 23", name="gcm_objective"),)

    commitment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True
    )
    objective: Mapped[int] = mapped_column(primary_key=True, index=True)


class ProgressUpdate(Base):
    """What a city reported about one commitment on one day."""

    __tablename__ = "commitment_progress_updates"
    __table_args__ = (
        sa.CheckConstraint("percent IS NULL OR percent BETWEEN 0 AND 100", name="percent"),
        # An entry's latest update (the list filters by its status) is one index step away.
        sa.Index("ix_commitment_progress_updates_latest", "commitment_id", "reported_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(sa.ForeignKey("commitments.id"))
    reported_on: Mapped[date]
    status: Mapped[ProgressStatus] = mapped_column(enum_column(ProgressStatus))
    percent: Mapped[int | None]
    narrative: Mapped[str] = mapped_column(sa.Text, default="")
    evidence_url: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    commitment: Mapped[Commitment] = relationship(back_populates="updates")
    created_by: Mapped[User | None] = relationship()


class Offer(Base):
    """Support a city or an organisation offers, in the same areas cities say they need."""

    __tablename__ = "commitment_offers"
    __table_args__ = (sa.Index("ix_commitment_offers_edition_status", "edition_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    offerer_kind: Mapped[OffererKind] = mapped_column(enum_column(OffererKind))
    offerer_name: Mapped[str] = mapped_column(sa.String(200))
    city_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cities.id"))
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id"))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    language: Mapped[str] = mapped_column(sa.String(8))
    support_resources: Mapped[bool] = mapped_column(default=False)
    support_tools: Mapped[bool] = mapped_column(default=False)
    support_partnerships: Mapped[bool] = mapped_column(default=False)
    partnership_level: Mapped[PartnershipLevel | None] = mapped_column(
        enum_column(PartnershipLevel)
    )
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    status: Mapped[OfferStatus] = mapped_column(enum_column(OfferStatus), default=OfferStatus.DRAFT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(default=1)

    city: Mapped[City | None] = relationship()
    theme: Mapped[Theme | None] = relationship()
    gcm_links: Mapped[list[OfferGcmLink]] = relationship(
        cascade="all, delete-orphan", order_by="OfferGcmLink.objective"
    )

    @property
    def gcm_objectives(self) -> list[int]:
        """The numbers of the GCM objectives it serves, in order."""
        return [link.objective for link in self.gcm_links]

    @property
    def support_areas(self) -> list[SupportArea]:
        """The support areas offered."""
        ticked = (self.support_resources, self.support_tools, self.support_partnerships)
        return [area for area, on in zip(SupportArea, ticked, strict=True) if on]


class OfferGcmLink(Base):
    """An offer serves one of the GCM's 23 objectives."""

    __tablename__ = "commitment_offer_gcm_objectives"
    __table_args__ = (sa.CheckConstraint("objective BETWEEN 1 AND 23", name="gcm_objective"),)

    offer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("commitment_offers.id", ondelete="CASCADE"), primary_key=True
    )
    objective: Mapped[int] = mapped_column(primary_key=True, index=True)
