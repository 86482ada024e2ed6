"""What a delegate's part on the programme means elsewhere: the private page, the badge."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from forum.agenda.labels import role_label
from forum.agenda.models import PersonRole, Session, SessionPerson, SessionStatus
from forum.extensions import db
from forum.registration.models import Registration

RANK = list(PersonRole)  # the most prominent role first: it is the one a badge shows


def speaking_in(registration: Registration) -> list[SessionPerson]:
    """The delegate's places on published panels, their sessions loaded, in time order."""
    return list(
        db.session.scalars(
            sa.select(SessionPerson)
            .join(SessionPerson.session)
            .where(
                SessionPerson.registration_id == registration.id,
                Session.is_published.is_(True),
            )
            .options(contains_eager(SessionPerson.session))
            .order_by(Session.starts_at, Session.id)
        )
    )


def badge_roles(_sender: object, *, registration_ids: Sequence[int]) -> dict[int, str]:
    """The role each delegate's badge shows ("Speaker"), from scheduled sessions; a
    badge_roles receiver (one query for a whole batch of badges)."""
    rows = db.session.execute(
        sa.select(SessionPerson.registration_id, SessionPerson.role)
        .join(SessionPerson.session)
        .where(
            SessionPerson.registration_id.in_(list(registration_ids)),
            Session.status == SessionStatus.SCHEDULED,
        )
    ).all()
    best: dict[int, PersonRole] = {}
    for registration_id, role in rows:
        if registration_id is None:
            continue
        if registration_id not in best or RANK.index(role) < RANK.index(best[registration_id]):
            best[registration_id] = role
    return {registration_id: role_label(role) for registration_id, role in best.items()}
