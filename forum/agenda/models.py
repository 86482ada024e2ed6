"""The programme: policy themes, rooms, sessions, sign-ups and summit syncs."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base
from forum.translated import Localized, default_language_of, localized, translations_column

if TYPE_CHECKING:
    from forum.editions.models import Edition
    from forum.registration.models import Registration


class SessionKind(enum.Enum):
    """What sort of item a session is; it also ranks how bad a clash with it is."""

    OPENING = "opening"
    PLENARY = "plenary"
    THEME_SESSION = "theme_session"
    ROUNDTABLE = "roundtable"
    COMMON_SPACE = "common_space"
    BREAKOUT = "breakout"
    BUSINESS_MEETING = "business_meeting"
    PARTNERSHIPS = "partnerships"
    SIDE_EVENT = "side_event"
    NETWORKING = "networking"
    REGISTRATION = "registration"
    MEAL = "meal"
    BREAK = "break"
    SIGNING_CEREMONY = "signing_ceremony"
    OTHER = "other"


class SessionStatus(enum.Enum):
    """Scheduled or cancelled; cancelled sessions are kept and published as such."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class SessionSource(enum.Enum):
    """Who owns a session: the forum's organisers or the GFMD summit's feed."""

    FORUM = "forum"
    GFMD = "gfmd"


class PersonRole(enum.Enum):
    """What a person does in a session; the order here is the rank a badge shows."""

    KEYNOTE = "keynote"
    MODERATOR = "moderator"
    SPEAKER = "speaker"
    RAPPORTEUR = "rapporteur"


class Theme(Base):
    """A policy theme of an edition; sessions are grouped by it."""

    __tablename__ = "themes"
    __table_args__ = (sa.UniqueConstraint("edition_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    slug: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    # Numbers of the GCM objectives (1 to 23) the theme serves.
    gcm_objectives: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    is_published: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    title_i18n: Mapped[dict[str, str]] = translations_column()
    description_i18n: Mapped[dict[str, str]] = translations_column()

    edition: Mapped[Edition] = relationship()

    def __repr__(self) -> str:
        return f"<Theme {self.slug}>"


class Room(Base):
    """A room of the venue."""

    __tablename__ = "rooms"
    __table_args__ = (sa.UniqueConstraint("edition_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    name: Mapped[str] = mapped_column(sa.String(120))
    seats: Mapped[int | None]
    name_i18n: Mapped[dict[str, str]] = translations_column()

    edition: Mapped[Edition] = relationship()

    def __repr__(self) -> str:
        return f"<Room {self.name}>"


class Session(Base):
    """One item of the programme, the forum's own or taken from the summit's feed."""

    __tablename__ = "sessions"
    __table_args__ = (
        sa.UniqueConstraint("edition_id", "source", "external_uid"),
        sa.Index("ix_sessions_edition_starts", "edition_id", "starts_at"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    theme_id: Mapped[int | None] = mapped_column(sa.ForeignKey("themes.id"))
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("rooms.id"))
    kind: Mapped[SessionKind] = mapped_column(enum_column(SessionKind, 30))
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Where a summit item takes place, as its feed says; forum sessions use ``room``.
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    all_day: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int | None]
    status: Mapped[SessionStatus] = mapped_column(
        enum_column(SessionStatus), default=SessionStatus.SCHEDULED
    )
    is_published: Mapped[bool] = mapped_column(default=True)
    source: Mapped[SessionSource] = mapped_column(
        enum_column(SessionSource), default=SessionSource.FORUM
    )
    external_uid: Mapped[str | None] = mapped_column(sa.String(500))
    # Grows on every change calendar clients must notice (RFC 5545 SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    title_i18n: Mapped[dict[str, str]] = translations_column()
    description_i18n: Mapped[dict[str, str]] = translations_column()

    edition: Mapped[Edition] = relationship()
    theme: Mapped[Theme | None] = relationship()
    room: Mapped[Room | None] = relationship()
    people: Mapped[list[SessionPerson]] = relationship(
        order_by="SessionPerson.position", cascade="all, delete-orphan", back_populates="session"
    )

    @property
    def is_cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED

    @property
    def place(self) -> str:
        """Where it happens, for people and calendars."""
        return self.room.name if self.room else self.location

    def place_in(self, lang: str | None, default: str | None = None) -> Localized:
        """Where it happens in ``lang`` (a room's name may be translated; a summit item's
        location comes from its feed, in one language); ``default``: the edition's."""
        if self.room is not None:
            return localized(self.room, "name", lang, default=default or default_language_of(self))
        return Localized(self.location, default or default_language_of(self), False)

    def overlaps(self, other: Session) -> bool:
        """True when the two sessions share some time."""
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def __repr__(self) -> str:
        return f"<Session {self.id} {self.title!r}>"


class SessionPerson(Base):
    """Someone on a session's panel: a registration of the edition, or a named guest."""

    __tablename__ = "session_people"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "registration_id"),
        sa.CheckConstraint(
            "(registration_id IS NULL) <> (guest_name IS NULL)", name="registration_or_guest"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole, 20))
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id"), index=True
    )
    guest_name: Mapped[str | None] = mapped_column(sa.String(200))
    guest_title: Mapped[str | None] = mapped_column(sa.String(200))
    guest_organisation: Mapped[str | None] = mapped_column(sa.String(200))
    guest_city: Mapped[str | None] = mapped_column(sa.String(200))
    guest_country_code: Mapped[str | None] = mapped_column(sa.String(2))

    session: Mapped[Session] = relationship(back_populates="people")
    registration: Mapped[Registration | None] = relationship()

    @property
    def name(self) -> str:
        return self.registration.full_name if self.registration else self.guest_name or ""

    @property
    def title(self) -> str:
        return self.registration.position_title if self.registration else self.guest_title or ""

    @property
    def organisation(self) -> str:
        if self.registration:
            return self.registration.organisation
        return self.guest_organisation or ""

    @property
    def city(self) -> str:
        return self.registration.city.name if self.registration else self.guest_city or ""

    @property
    def country_code(self) -> str:
        if self.registration:
            return self.registration.city.country_code
        return self.guest_country_code or ""

    def __repr__(self) -> str:
        return f"<SessionPerson {self.role.value} {self.name!r}>"


class SessionSignup(Base):
    """A delegate's place in a session."""

    __tablename__ = "session_signups"
    __table_args__ = (sa.UniqueConstraint("registration_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(sa.ForeignKey("registrations.id"))
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    registration: Mapped[Registration] = relationship()
    session: Mapped[Session] = relationship()


class SyncStatus(enum.Enum):
    """How a summit sync ended."""

    OK = "ok"
    FAILED = "failed"


class GfmdSync(Base):
    """One run of the summit agenda sync, kept as history."""

    __tablename__ = "gfmd_syncs"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(sa.ForeignKey("editions.id"))
    source: Mapped[str] = mapped_column(sa.String(500))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    status: Mapped[SyncStatus] = mapped_column(enum_column(SyncStatus))
    added: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    cancelled: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    # Per item: {"uid", "title", "outcome", "changes": {field: [before, after]}}.
    changes: Mapped[list[dict[str, object]]] = mapped_column(sa.JSON, default=list)
    warnings: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    new_clashes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    error: Mapped[str] = mapped_column(sa.Text, default="")
