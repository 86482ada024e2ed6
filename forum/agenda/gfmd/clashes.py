"""Where the forum's programme overlaps the GFMD summit's, the most severe clash first."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased, joinedload

from forum import formats
from forum.agenda.labels import SESSION_KIND_LABELS
from forum.agenda.models import Session, SessionKind, SessionSource, SessionStatus
from forum.editions.models import Edition
from forum.extensions import db


class ClashSeverity(enum.IntEnum):
    """How much a forum session suffers from overlapping a summit item of some kind."""

    LOWEST = 1
    LOW = 2
    MEDIUM = 3
    HIGH = 4


SEVERITY_OF_KIND = {
    SessionKind.OPENING: ClashSeverity.HIGH,
    SessionKind.PLENARY: ClashSeverity.HIGH,
    SessionKind.SIGNING_CEREMONY: ClashSeverity.HIGH,
    SessionKind.COMMON_SPACE: ClashSeverity.HIGH,
    SessionKind.ROUNDTABLE: ClashSeverity.MEDIUM,
    SessionKind.BUSINESS_MEETING: ClashSeverity.MEDIUM,
    SessionKind.PARTNERSHIPS: ClashSeverity.MEDIUM,
    SessionKind.SIDE_EVENT: ClashSeverity.LOW,
    SessionKind.NETWORKING: ClashSeverity.LOW,
    SessionKind.BREAKOUT: ClashSeverity.LOW,
    SessionKind.MEAL: ClashSeverity.LOWEST,
    SessionKind.BREAK: ClashSeverity.LOWEST,
    SessionKind.REGISTRATION: ClashSeverity.LOWEST,
}
NOT_CLASHING_FORUM_KINDS = (SessionKind.BREAK, SessionKind.MEAL, SessionKind.REGISTRATION)
SEVERITY_LABELS = {
    ClashSeverity.HIGH: _l("High"),
    ClashSeverity.MEDIUM: _l("Medium"),
    ClashSeverity.LOW: _l("Low"),
    ClashSeverity.LOWEST: _l("Lowest"),
}


@dataclass(frozen=True)
class Clash:
    """A scheduled forum session and a scheduled summit item that share some time."""

    forum_session: Session
    summit_item: Session
    severity: ClashSeverity
    overlap_minutes: int

    @property
    def key(self) -> tuple[int, int]:
        """Stable identity of the clash: the two sessions' ids."""
        return (self.forum_session.id, self.summit_item.id)

    @property
    def starts_at(self) -> datetime:
        """When the overlap begins."""
        return max(self.forum_session.starts_at, self.summit_item.starts_at)


def severity_of(kind: SessionKind) -> ClashSeverity:
    """The severity of clashing with a summit item of ``kind`` (unlisted kinds count as low)."""
    return SEVERITY_OF_KIND.get(kind, ClashSeverity.LOW)


def find_clashes(edition: Edition) -> list[Clash]:
    """Scheduled forum sessions overlapping scheduled summit items: severity, then overlap."""
    forum, summit = aliased(Session), aliased(Session)
    overlapping = sa.and_(
        summit.edition_id == forum.edition_id,
        summit.source == SessionSource.GFMD,
        summit.status == SessionStatus.SCHEDULED,
        forum.starts_at < summit.ends_at,
        summit.starts_at < forum.ends_at,
    )
    query = (
        sa.select(forum, summit)
        .join(summit, overlapping)
        .where(
            forum.edition_id == edition.id,
            forum.source == SessionSource.FORUM,
            forum.status == SessionStatus.SCHEDULED,
            # The forum's own breaks, meals and registration lose nothing to a summit item.
            forum.kind.not_in(NOT_CLASHING_FORUM_KINDS),
        )
        .options(joinedload(forum.room), joinedload(summit.room))
    )
    clashes = [_clash(own, item) for own, item in db.session.execute(query).all()]
    return sorted(clashes, key=_most_severe_first)


def _clash(forum_session: Session, summit_item: Session) -> Clash:
    overlap = min(forum_session.ends_at, summit_item.ends_at) - max(
        forum_session.starts_at, summit_item.starts_at
    )
    return Clash(
        forum_session=forum_session,
        summit_item=summit_item,
        severity=severity_of(summit_item.kind),
        overlap_minutes=int(overlap.total_seconds() // 60),
    )


def _most_severe_first(clash: Clash) -> tuple[int, int, datetime, int, int]:
    return (
        -clash.severity,
        -clash.overlap_minutes,
        clash.forum_session.starts_at,
        clash.forum_session.id,
        clash.summit_item.id,
    )


def describe_clash(clash: Clash, zone: str) -> str:
    """One sentence naming both sides of a clash, times in the edition's zone."""
    return _(
        "“%(session)s” overlaps the summit's “%(item)s” (%(kind)s) for %(minutes)d minutes"
        " from %(when)s.",
        session=clash.forum_session.title,
        kind=SESSION_KIND_LABELS[clash.summit_item.kind],
        item=clash.summit_item.title,
        minutes=clash.overlap_minutes,
        when=formats.datetime(clash.starts_at, zone, "medium"),
    )
