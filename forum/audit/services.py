"""Writing audit events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.extensions import db

if TYPE_CHECKING:
    from forum.auth.models import User


def record(action: str, target: Any, *, actor: User | None, **details: object) -> AuditEvent:
    """Add an audit event for ``target`` in the current transaction."""
    event = AuditEvent(
        actor=actor,
        action=action,
        target_type=type(target).__name__,
        target_id=target.id,
        details=details,
    )
    db.session.add(event)
    return event


def trail(target: Any) -> list[AuditEvent]:
    """Every event about ``target``, oldest first, with its actor loaded."""
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(
                AuditEvent.target_type == type(target).__name__,
                AuditEvent.target_id == target.id,
            )
            .options(sa.orm.joinedload(AuditEvent.actor))
            .order_by(AuditEvent.at, AuditEvent.id)
        )
    )
