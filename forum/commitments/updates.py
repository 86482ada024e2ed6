"""Progress updates: a city reports how far a published commitment has come."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.audit.services import record
from forum.commitments.access import Editor, require_writer
from forum.commitments.checks import ProgressInput, progress_values
from forum.commitments.models import Commitment, ProgressUpdate, Status
from forum.db import lock_row
from forum.errors import NotAllowed
from forum.extensions import db


def add_progress(
    commitment_id: int, data: ProgressInput, *, editor: Editor, now: datetime
) -> ProgressUpdate:
    """Record an update on a published entry of the editor's city."""
    commitment: Commitment = lock_row(Commitment, commitment_id)
    require_writer(editor, commitment.edition_id, commitment.city_id)
    if commitment.status is not Status.PUBLISHED:
        raise NotAllowed("not_published", _("Progress is reported on published entries only."))
    values = progress_values(data, now.date())
    if (repeated := repeat_of(commitment.id, values)) is not None:
        return repeated
    update = ProgressUpdate(
        commitment_id=commitment.id, created_at=now, created_by_id=editor.user.id, **values
    )
    db.session.add(update)
    db.session.flush()
    record(
        "commitment.progress",
        commitment,
        actor=editor.user,
        update_id=update.id,
        status=update.status.value,
    )
    return update


def repeat_of(commitment_id: int, values: dict[str, object]) -> ProgressUpdate | None:
    """The entry's update that says exactly this already (a form sent twice), or None; asked
    under the entry's lock, so two identical posts at once record one update."""
    same = [getattr(ProgressUpdate, name).is_not_distinct_from(v) for name, v in values.items()]
    query = sa.select(ProgressUpdate).where(ProgressUpdate.commitment_id == commitment_id, *same)
    return db.session.scalar(query.limit(1))
