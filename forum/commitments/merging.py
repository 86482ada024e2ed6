"""Merging duplicate entries of one city and theme into one: the survivor keeps the fields
chosen, takes the others' progress updates and objectives, and the others are withdrawn
with a note, their address leading to the survivor."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.audit.services import record
from forum.commitments.access import Editor, require_organiser
from forum.commitments.models import Commitment, ProgressUpdate, Status
from forum.commitments.tagging import bump, set_objectives
from forum.db import lock_row
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db

# What the organiser chooses, field by field, from one of the entries merged.
MERGE_FIELDS = {
    "kind": _l("Kind"),
    "title": _l("Title"),
    "description": _l("Description"),
    "language": _l("Language"),
    "target": _l("Target"),
    "target_date": _l("Target date"),
    "partners": _l("Partners"),
    "support": _l("Support areas"),
    "contact": _l("Contact"),
    "is_public": _l("Shown to the public"),
}
_COLUMNS = {
    "title": ("title", "title_i18n"),  # a title kept comes with its translations
    "description": ("description", "description_i18n"),
    "support": ("support_resources", "support_tools", "support_partnerships", "partnership_level"),
    "contact": ("contact_id",),
}
MAX_HOPS = 10  # an entry merged into one merged later still leads to the last survivor


def _locked_rows(edition_id: int, ids: list[int]) -> dict[int, Commitment]:
    """The entries, locked in id order (two merges of the same rows never deadlock)."""
    found = set(
        db.session.scalars(
            sa.select(Commitment.id).where(
                Commitment.edition_id == edition_id, Commitment.id.in_(ids)
            )
        )
    )
    if len(ids) < 2 or found != set(ids):
        raise InvalidInput({"ids": _("Choose at least two entries of this edition to merge.")})
    return {commitment_id: lock_row(Commitment, commitment_id) for commitment_id in sorted(ids)}


def _check(survivor: Commitment, others: list[Commitment], keep: Mapping[str, int]) -> None:
    """Refuse a merge of entries of other cities or themes, or of withdrawn ones."""
    if any((o.city_id, o.theme_id) != (survivor.city_id, survivor.theme_id) for o in others):
        raise NotAllowed("not_duplicates", _("Only entries of one city and theme can merge."))
    gone = [o for o in [survivor, *others] if o.status is Status.WITHDRAWN]
    if any(o.merged_into_id != survivor.id for o in gone):
        raise NotAllowed("wrong_status", _("A withdrawn entry cannot be merged."))
    ids = {survivor.id, *(o.id for o in others)}
    if any(name not in MERGE_FIELDS or source not in ids for name, source in keep.items()):
        raise InvalidInput({"keep": _("Choose each field from one of the entries merged.")})


def merge_entries(
    edition_id: int,
    survivor_id: int,
    other_ids: list[int],
    *,
    keep: Mapping[str, int],
    editor: Editor,
    now: datetime,
) -> Commitment:
    """Merge the other entries into the survivor; a repeat does nothing."""
    require_organiser(editor)
    rows = _locked_rows(edition_id, sorted({survivor_id, *other_ids}))
    survivor = rows[survivor_id]
    others = [row for row_id, row in rows.items() if row_id != survivor_id]
    _check(survivor, others, keep)
    pending = [o for o in others if o.merged_into_id != survivor.id]
    if not pending:
        return survivor
    fields = _take_fields(survivor, rows, keep)
    moved = sum(_take_updates(survivor, other) for other in pending)
    set_objectives(
        survivor, set(survivor.gcm_objectives).union(*(o.gcm_objectives for o in pending))
    )
    survivor.gcr_objectives = sorted(
        set(survivor.gcr_objectives).union(*(o.gcr_objectives for o in pending))
    )
    for other in pending:
        _retire(other, survivor, editor, now)
    bump(survivor, now)
    db.session.flush()
    db.session.expire(survivor, ["updates"])  # read again in date order, the moved ones in place
    merged = [o.id for o in pending]
    record("commitment.merged", survivor, actor=editor.user, merged=merged, fields=fields,
           updates_moved=moved)  # fmt: skip
    return survivor


def _take_fields(
    survivor: Commitment, rows: Mapping[int, Commitment], keep: Mapping[str, int]
) -> list[str]:
    """Copy each field chosen from another entry; the names of those that changed."""
    changed = []
    for name, source_id in keep.items():
        for column in _COLUMNS.get(name, (name,)):
            value = getattr(rows[source_id], column)
            if getattr(survivor, column) != value:
                setattr(survivor, column, value)
                changed.append(name)
    return list(dict.fromkeys(changed))


def _update_key(update: ProgressUpdate) -> tuple[object, ...]:
    return (update.reported_on, update.status, update.percent, update.narrative.strip(),
            update.evidence_url)  # fmt: skip


def _take_updates(survivor: Commitment, other: Commitment) -> int:
    """Move the other's progress updates the survivor has not got; how many moved."""
    held = {_update_key(update) for update in survivor.updates}
    moving = [update for update in other.updates if _update_key(update) not in held]
    for update in moving:
        update.commitment = survivor
        held.add(_update_key(update))
    return len(moving)


def _retire(other: Commitment, survivor: Commitment, editor: Editor, now: datetime) -> None:
    """Withdraw a merged entry with the note, pointing at the survivor."""
    before = other.status
    other.status = Status.WITHDRAWN
    other.merged_into_id = survivor.id
    other.organiser_comment = _("Merged into #%(id)d.", id=survivor.id)
    bump(other, now)
    record("commitment.merged_into", other, actor=editor.user, into=survivor.id,
           before=before.value)  # fmt: skip


def survivor_of(edition_id: int, commitment_id: int) -> int | None:
    """The entry a merged entry now lives on (following later merges), or None."""
    current, seen = commitment_id, 0
    while seen < MAX_HOPS:
        into = db.session.scalar(
            sa.select(Commitment.merged_into_id).where(
                Commitment.id == current, Commitment.edition_id == edition_id
            )
        )
        if into is None:
            return current if current != commitment_id else None
        current, seen = into, seen + 1
    return current
