"""The organisers' dashboard: one figure or two from every area, each linking to its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from forum.agenda.gfmd.clashes import find_clashes
from forum.agenda.models import GfmdSync, Session, SessionSource, SessionStatus
from forum.badges.models import Badge
from forum.checkin.models import ENTRANCE, CheckIn, ScanStatus
from forum.editions.models import Edition
from forum.endorsements.models import Declaration
from forum.endorsements.services import declaration_of
from forum.endorsements.wall import wall_version
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus


@dataclass(frozen=True)
class Overview:
    """What the dashboard shows beyond the registration counts."""

    forum_sessions: int
    summit_items: int
    clashes: int
    last_sync: GfmdSync | None
    badges_active: int
    badges_printed: int
    approved: int
    arrived: int
    declaration: Declaration | None
    endorsements: int
    declaration_open: bool


def overview(edition: Edition, *, now: datetime) -> Overview:
    """Gather the dashboard's figures for ``edition``."""
    declaration = declaration_of(edition)
    return Overview(
        forum_sessions=_sessions(edition, SessionSource.FORUM),
        summit_items=_sessions(edition, SessionSource.GFMD),
        clashes=len(find_clashes(edition)),
        last_sync=db.session.scalars(
            sa.select(GfmdSync)
            .where(GfmdSync.edition_id == edition.id)
            .order_by(GfmdSync.id.desc())
        ).first(),
        badges_active=_badges(edition, printed=False),
        badges_printed=_badges(edition, printed=True),
        approved=_count(
            sa.select(sa.func.count())
            .select_from(Registration)
            .where(
                Registration.edition_id == edition.id,
                Registration.status == RegistrationStatus.APPROVED,
            )
        ),
        arrived=_count(
            sa.select(sa.func.count(sa.distinct(CheckIn.badge_id))).where(
                CheckIn.edition_id == edition.id,
                CheckIn.checkpoint == ENTRANCE,
                CheckIn.status == ScanStatus.OK,
            )
        ),
        declaration=declaration,
        endorsements=wall_version(declaration).count if declaration else 0,
        declaration_open=declaration.is_open(now) if declaration else False,
    )


def _count(query: sa.Select[Any]) -> int:
    return int(db.session.scalar(query) or 0)


def _sessions(edition: Edition, source: SessionSource) -> int:
    return _count(
        sa.select(sa.func.count())
        .select_from(Session)
        .where(
            Session.edition_id == edition.id,
            Session.source == source,
            Session.status == SessionStatus.SCHEDULED,
        )
    )


def _badges(edition: Edition, *, printed: bool) -> int:
    query = (
        sa.select(sa.func.count())
        .select_from(Badge)
        .join(Badge.registration)
        .where(Registration.edition_id == edition.id, Badge.revoked_at.is_(None))
    )
    if printed:
        query = query.where(Badge.printed_at.is_not(None))
    return _count(query)
