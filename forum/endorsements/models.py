"""The Mayors' Declaration, who may sign it for a city, and the endorsements themselves."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base

if TYPE_CHECKING:
    from forum.auth.models import User
    from forum.cities.models import City
    from forum.editions.models import Edition
    from forum.registration.models import Registration


class WindowOverride(enum.Enum):
    """An organiser's hand on the endorsement window: follow the times, or force it."""

    AUTO = "auto"
    OPEN = "open"
    CLOSED = "closed"


class EndorsementMethod(enum.Enum):
    """Where the endorsement was given."""

    ONLINE = "online"
    ON_SITE = "on_site"


class Declaration(Base):
    """A declaration put to the cities of an edition for endorsement."""

    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"), index=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    override: Mapped[WindowOverride] = mapped_column(
        enum_column(WindowOverride), default=WindowOverride.AUTO
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    edition: Mapped[Edition] = relationship()
    texts: Mapped[list[DeclarationText]] = relationship(
        back_populates="declaration", order_by="DeclarationText.language"
    )

    def is_open(self, now: datetime) -> bool:
        """True when endorsements are taken at ``now``; never for a declaration of an edition
        that is not the current one, even one forced open."""
        if not self.edition.is_current:
            return False
        if self.override is not WindowOverride.AUTO:
            return self.override is WindowOverride.OPEN
        if self.opens_at is None or now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at

    def text_in(self, language: str) -> DeclarationText | None:
        """The text in ``language``, else in English, else any."""
        by_language = {text.language: text for text in self.texts}
        return (
            by_language.get(language)
            or by_language.get("en")
            or next(iter(by_language.values()), None)
        )


class DeclarationText(Base):
    """The declaration in one language."""

    __tablename__ = "declaration_texts"
    __table_args__ = (sa.UniqueConstraint("declaration_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(sa.ForeignKey("declarations.id"))
    language: Mapped[str] = mapped_column(sa.String(8))
    title: Mapped[str] = mapped_column(sa.String(300))
    body: Mapped[str] = mapped_column(sa.Text)

    declaration: Mapped[Declaration] = relationship(back_populates="texts")


class SigningAuthorisation(Base):
    """An organiser lets a delegate who is not the mayor sign for their city."""

    __tablename__ = "signing_authorisations"
    __table_args__ = (sa.UniqueConstraint("declaration_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(sa.ForeignKey("declarations.id"))
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"))
    authorised_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    authorised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    registration: Mapped[Registration] = relationship()
    authorised_by: Mapped[User] = relationship()


class Endorsement(Base):
    """One city's endorsement of a declaration; at most one standing per city."""

    __tablename__ = "endorsements"
    __table_args__ = (
        # One standing endorsement per city; a withdrawn one leaves room for a new one.
        sa.Index(
            "uq_endorsements_city",
            "declaration_id",
            "city_id",
            unique=True,
            sqlite_where=sa.text("withdrawn_at IS NULL"),
            postgresql_where=sa.text("withdrawn_at IS NULL"),
        ),
        sa.Index("ix_endorsements_declaration_time", "declaration_id", "endorsed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(sa.ForeignKey("declarations.id"))
    city_id: Mapped[int] = mapped_column(sa.ForeignKey("cities.id"))
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"))
    # As the signatory confirmed them at the time of signing.
    signatory_name: Mapped[str] = mapped_column(sa.String(200))
    signatory_title: Mapped[str] = mapped_column(sa.String(200))
    method: Mapped[EndorsementMethod] = mapped_column(enum_column(EndorsementMethod))
    endorsed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    withdrawal_reason: Mapped[str] = mapped_column(sa.Text, default="")

    declaration: Mapped[Declaration] = relationship()
    city: Mapped[City] = relationship()
    registration: Mapped[Registration] = relationship()


class DeskRequest(Base):
    """A nonce the endorsement desk used, with the answer it got (replays return it)."""

    __tablename__ = "endorsement_desk_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(sa.String(64), unique=True)
    response: Mapped[dict[str, object]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
