"""Issuing and revoking badges, and the text their QR codes carry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from forum.audit.services import record
from forum.badges.models import Badge
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus

# "MAYORS5:<code>": the system and the edition, then the secret; nothing personal.
QR_PREFIX = "MAYORS"
_QR_PATTERN = re.compile(r"^MAYORS(\d{1,3}):([A-Za-z0-9_-]{16,64})$")


@dataclass(frozen=True)
class QrContent:
    """What a scanned QR text says: which edition, which code."""

    edition_number: int
    code: str


def qr_text(badge: Badge) -> str:
    """The text encoded in a badge's QR code."""
    return f"{QR_PREFIX}{badge.registration.edition.number}:{badge.code}"


def badge_number(badge: Badge) -> str:
    """The number printed on a badge, after its edition's prefix ("MRK18-00042"); "" when
    the edition sets no prefix."""
    prefix = badge.registration.edition.badge_prefix.rstrip("-")
    return f"{prefix}-{badge.id:05d}" if prefix else ""


def parse_qr_text(text: str) -> QrContent | None:
    """The edition and code in a scanned text, or None when it is not one of our badges."""
    match = _QR_PATTERN.match(text.strip())
    if match is None:
        return None
    return QrContent(edition_number=int(match.group(1)), code=match.group(2))


def active_badge(registration: Registration) -> Badge | None:
    """The registration's badge that is not revoked, if any."""
    return db.session.scalar(
        sa.select(Badge).where(Badge.registration_id == registration.id, Badge.revoked_at.is_(None))
    )


def issue_badge(registration: Registration, *, now: datetime) -> Badge:
    """A new badge for the registration; any earlier one stops working."""
    revoke_badges(registration, now=now)
    badge = Badge(registration=registration, issued_at=now)
    db.session.add(badge)
    db.session.flush()
    record("badge.issued", registration, actor=None, badge_id=badge.id)
    return badge


def ensure_badge(registration: Registration, *, now: datetime) -> Badge:
    """The registration's active badge, issued now if it has none."""
    return active_badge(registration) or issue_badge(registration, now=now)


def revoke_badges(registration: Registration, *, now: datetime) -> int:
    """Revoke every active badge of the registration; returns how many."""
    revoked = db.session.execute(
        sa.update(Badge)
        .where(Badge.registration_id == registration.id, Badge.revoked_at.is_(None))
        .values(revoked_at=now)
        .execution_options(synchronize_session="fetch")
    )
    count = int(revoked.rowcount or 0)  # type: ignore[attr-defined]
    if count:
        record("badge.revoked", registration, actor=None, count=count)
    return count


def find_badge(code: str) -> Badge | None:
    """The badge with this code, revoked or not."""
    return db.session.scalar(sa.select(Badge).where(Badge.code == code))


def follow_registration_status(
    registration: Registration,
    *,
    before: RegistrationStatus,
    after: RegistrationStatus,
    now: datetime,
) -> None:
    """Only an approved delegate holds a working badge (a status_changed receiver)."""
    if after is RegistrationStatus.APPROVED:
        ensure_badge(registration, now=now)
    elif before is RegistrationStatus.APPROVED:
        revoke_badges(registration, now=now)
