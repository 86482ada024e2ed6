"""A match: a city's need put in touch with an offer or with another city's action under way,
accepted by each side on its own before both contacts are introduced."""

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
    from forum.commitments.models import Commitment, Offer


class MatchStage(enum.Enum):
    """Where a match is: proposed, accepted by both sides, under way, over, or declined."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    ACTIVE = "active"
    CLOSED = "closed"
    DECLINED = "declined"


class MatchOrigin(enum.Enum):
    """How a match came about: a ranked suggestion an organiser took up, or a side asking."""

    SUGGESTION = "suggestion"
    CONNECT_US = "connect_us"


class Side(enum.Enum):
    """The two sides of a match: the city in need, and whoever offers (or did it already)."""

    NEED = "need"
    OFFER = "offer"


class Match(Base):
    """A need and one counterpart (an offer or another city's `doing` entry), once each."""

    __tablename__ = "commitment_matches"
    __table_args__ = (
        sa.UniqueConstraint("need_id", "offer_id", name="uq_commitment_matches_need_offer"),
        sa.UniqueConstraint("need_id", "action_id", name="uq_commitment_matches_need_action"),
        sa.CheckConstraint("(offer_id IS NULL) <> (action_id IS NULL)", name="one_counterpart"),
        sa.Index("ix_commitment_matches_edition_stage", "edition_id", "stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    need_id: Mapped[int] = mapped_column(sa.ForeignKey("commitments.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("commitment_offers.id"))
    action_id: Mapped[int | None] = mapped_column(sa.ForeignKey("commitments.id"), index=True)
    stage: Mapped[MatchStage] = mapped_column(enum_column(MatchStage), default=MatchStage.PROPOSED)
    origin: Mapped[MatchOrigin] = mapped_column(enum_column(MatchOrigin))
    proposed_by_side: Mapped[Side | None] = mapped_column(enum_column(Side))
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    need_accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    need_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    offer_accepted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    offer_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    declined_side: Mapped[Side | None] = mapped_column(enum_column(Side))
    declined_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when the introduction e-mails are queued: they go once, however often one accepts.
    introduced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    activated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    need: Mapped[Commitment] = relationship(foreign_keys=[need_id])
    offer: Mapped[Offer | None] = relationship()
    action: Mapped[Commitment | None] = relationship(foreign_keys=[action_id])
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    need_accepted_by: Mapped[User | None] = relationship(foreign_keys=[need_accepted_by_id])
    offer_accepted_by: Mapped[User | None] = relationship(foreign_keys=[offer_accepted_by_id])

    @property
    def counterpart_title(self) -> str:
        """The offer's or the action's title."""
        return self.offer.title if self.offer else self.action.title if self.action else ""

    @property
    def counterpart_by(self) -> str:
        """Who offers: the organisation, or the city that did it."""
        if self.offer is not None:
            return self.offer.offerer_name
        return self.action.city.name if self.action else ""

    def accepted_by_side(self, side: Side) -> bool:
        """True when ``side`` has accepted."""
        when = self.need_accepted_at if side is Side.NEED else self.offer_accepted_at
        return when is not None
