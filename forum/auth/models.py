"""People who use the system, what they may do, and the bearer tokens of their devices."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import UTCDateTime, enum_column, utcnow
from forum.extensions import Base


class Role(enum.Enum):
    """What a user may do; each role includes the powers of those before it."""

    DELEGATE = "delegate"
    STAFF = "staff"
    ORGANISER = "organiser"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def includes(self, other: Role) -> bool:
        """True when this role has at least the powers of ``other``."""
        return self.rank >= other.rank


class User(UserMixin, Base):
    """A person with an e-mail address: a delegate, staff member or organiser."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.DELEGATE)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    # Bumped by every magic-link sign-in, so each link works once.
    login_counter: Mapped[int] = mapped_column(default=0)
    # Part of every session and remember-me cookie (see get_id): bumping it signs the person
    # out everywhere (sign-out, a new password, an organiser's "sign out everywhere").
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # The TOTP app's shared secret once confirmed; the one being set up until then.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_pending_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # The last time step whose code was accepted: a code works once, even within its window.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    preferred_locale: Mapped[str | None] = mapped_column(sa.String(8))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def get_id(self) -> str:
        """Flask-Login's alternative id: a session names the person and the session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def has_two_factor(self) -> bool:
        return self.totp_secret is not None

    def has_role(self, role: Role) -> bool:
        """True when the user's role includes ``role``."""
        return self.role.includes(role)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class ApiToken(Base):
    """A device's bearer token; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
