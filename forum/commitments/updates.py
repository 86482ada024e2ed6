"""Progress updates: a city reports how far a published commitment has come."""

from __future__ import annotations

from datetime import datetime

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
