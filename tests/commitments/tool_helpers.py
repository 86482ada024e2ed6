"""Builders for the organisers' tools: entries of one city and theme, the organiser editor,
the audit trail of an entry."""

from __future__ import annotations

import sqlalchemy as sa

from forum.agenda.models import Theme
from forum.audit.models import AuditEvent
from forum.commitments.access import Editor
from forum.commitments.models import Commitment
from forum.commitments.services import create_draft, publish, submit
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration
from tests.agenda import helpers as agenda
from tests.commitments.helpers import NOW, delegate, entry_input, organiser_user


def organiser() -> Editor:
    """The organiser, as the services' editor."""
    return Editor(user=organiser_user())


def entries(
    edition: Edition,
    *titles: str,
    theme: Theme | None = None,
    mayor: Registration | None = None,
    status: str = "draft",
    **values: object,
) -> list[Commitment]:
    """One entry per title, of one city and theme, in ``status`` (draft, submitted, published)."""
    mayor = mayor or delegate(edition)
    theme = theme or db.session.scalar(sa.select(Theme).filter_by(slug="inclusion"))
    theme = theme or agenda.theme(edition)
    editor = Editor(user=mayor.user, registration=mayor)
    made = []
    for title in titles:
        row = create_draft(
            edition, mayor.city_id, entry_input(theme.id, title=title, **values),
            editor=editor, now=NOW,
        )  # fmt: skip
        if status in ("submitted", "published"):
            submit(row.id, editor=editor, now=NOW)
        if status == "published":
            publish(row.id, editor=organiser(), now=NOW)
        made.append(row)
    db.session.flush()
    return made


def actions(row: Commitment) -> list[str]:
    """The audited actions on an entry, oldest first."""
    return list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.target_type == "Commitment", AuditEvent.target_id == row.id)
            .order_by(AuditEvent.id)
        )
    )
