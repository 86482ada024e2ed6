"""The annual edition of the forum."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import UTCDateTime
from forum.extensions import Base
from forum.translated import translations_column

# The UI languages an edition offers its content in unless an organiser says otherwise.
OFFERED_LANGUAGES = ["en", "fr", "es"]


class Edition(Base):
    """One year's forum: where, when, and the windows that govern registration."""

    __tablename__ = "editions"
    # At most one current edition, whatever the code does: a partial unique index.
    __table_args__ = (
        sa.Index(
            "uq_editions_one_current",
            "is_current",
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(unique=True)
    year: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    subtitle: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    city: Mapped[str] = mapped_column(sa.String(120))
    country_code: Mapped[str] = mapped_column(sa.String(2))
    venue: Mapped[str] = mapped_column(sa.String(300), default="")
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    outcome_document: Mapped[str] = mapped_column(sa.String(300), default="")
    is_current: Mapped[bool] = mapped_column(default=False)
    capacity: Mapped[int | None]
    # A missing bound leaves that side of the window open.
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    edit_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    gfmd_agenda_source: Mapped[str | None] = mapped_column(sa.String(500))
    # How long a wait-listed delegate has to take a place offered to them.
    waitlist_offer_hours: Mapped[int] = mapped_column(default=72, server_default="72")
    # Where delegates write with questions; empty: the site's own address.
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    # Content (titles, descriptions, room names) is written in this language; the others
    # offered are translations of it (forum/translated.py).
    default_language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    languages: Mapped[list[str]] = mapped_column(
        sa.JSON, default=lambda: list(OFFERED_LANGUAGES), server_default='["en", "fr", "es"]'
    )
    # Printed before a badge's number ("MRK18-0042"); empty: badges show no number.
    badge_prefix: Mapped[str] = mapped_column(sa.String(12), default="", server_default="")
    title_i18n: Mapped[dict[str, str]] = translations_column()
    subtitle_i18n: Mapped[dict[str, str]] = translations_column()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def content_languages(self) -> list[str]:
        """The languages offered, the default first."""
        rest = [lang for lang in (self.languages or []) if lang != self.default_language]
        return [self.default_language, *rest]

    @property
    def label(self) -> str:
        return f"{self.city} {self.year}"

    def registration_is_open(self, now: datetime) -> bool:
        """True when ``now`` lies inside the registration window."""
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    def edits_allowed(self, now: datetime) -> bool:
        """True while delegates may still change their details."""
        return self.edit_deadline is None or now < self.edit_deadline

    def __repr__(self) -> str:
        return f"<Edition {self.number} {self.label}>"
