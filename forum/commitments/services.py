"""A commitment's life: drafted by its city, submitted, published or returned by organisers,
withdrawn; every change locks the row, checks the state inside the lock and is audited."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from forum.audit.services import record
from forum.commitments.access import Editor, require_organiser, require_writer
from forum.commitments.checks import COMMENT, CommitmentInput, commitment_values
from forum.commitments.confirmation import unconfirm
from forum.commitments.models import Commitment, GcmLink, Offer, Status
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.validation import Checks

# What a city's delegates may still change; organisers may change all but a withdrawn entry.
DELEGATE_EDITABLE = {Status.DRAFT, Status.RETURNED}


class StaleVersion(DomainError):
    """The entry changed since the editor loaded it: their edit is refused, never merged."""

    def __init__(self) -> None:
        super().__init__("conflict", _("Someone else changed this entry; review their changes."))


def create_draft(
    edition: Edition, city_id: int, data: CommitmentInput, *, editor: Editor, now: datetime
) -> Commitment:
    """A new draft entry of the city, written by one of its delegates or an organiser."""
    require_writer(editor, edition.id, city_id)
    values = commitment_values(data, edition.id, city_id)
    commitment = Commitment(
        edition_id=edition.id, city_id=city_id, created_at=now, updated_at=now, version=1
    )
    _apply(commitment, values)
    db.session.add(commitment)
    db.session.flush()
    record("commitment.created", commitment, actor=editor.user, kind=commitment.kind.value)
    return commitment


def _apply(commitment: Commitment, values: dict[str, object]) -> list[str]:
    """Set the checked values; the names of the fields that changed."""
    return apply_checked(commitment, values, link=GcmLink)


def apply_checked(row: Commitment | Offer, values: dict[str, object], *, link: type) -> list[str]:
    """Set checked values on an entry or an offer, its GCM objectives as ``link`` rows; the
    names of the fields that changed."""
    changed = []
    numbers = values.pop("gcm")
    assert isinstance(numbers, list)
    if numbers != row.gcm_objectives:
        row.gcm_links = [link(objective=number) for number in numbers]
        changed.append("gcm_objectives")
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.append(name)
    return changed


def _locked(commitment_id: int, editor: Editor) -> Commitment:
    """The entry, locked for this transaction, once the editor may write it."""
    commitment: Commitment = lock_row(Commitment, commitment_id)
    require_writer(editor, commitment.edition_id, commitment.city_id)
    return commitment


def edit(
    commitment_id: int,
    data: CommitmentInput,
    *,
    editor: Editor,
    seen_version: int,
    now: datetime,
) -> Commitment:
    """Save an edit made on version ``seen_version``; a newer version refuses it."""
    commitment = _locked(commitment_id, editor)
    editable = DELEGATE_EDITABLE if not editor.is_organiser else set(Status) - {Status.WITHDRAWN}
    if commitment.status not in editable:
        raise NotAllowed("not_editable", _("This entry can no longer be changed here."))
    if commitment.version != seen_version:
        raise StaleVersion()
    values = commitment_values(data, commitment.edition_id, commitment.city_id)
    changed = _apply(commitment, _without_own_language(commitment, values))
    if changed:
        _bump(commitment, now)
        record("commitment.edited", commitment, actor=editor.user, fields=changed)
        if not editor.is_organiser:
            unconfirm(commitment)
    return commitment


def _without_own_language(commitment: Commitment, values: dict[str, object]) -> dict[str, object]:
    """The values with no translation into the entry's own language: once an entry is said
    to be written in French, a stored French translation would hide its own text."""
    language = values["language"]
    for name in ("title_i18n", "description_i18n"):
        kept = values.get(name, getattr(commitment, name) or {})
        if isinstance(kept, dict) and language in kept:
            values[name] = {lang: text for lang, text in kept.items() if lang != language}
    return values


def _bump(commitment: Commitment, now: datetime) -> None:
    commitment.version += 1
    commitment.updated_at = now


def _move(
    commitment: Commitment, to: Status, allowed_from: set[Status], editor: Editor, now: datetime
) -> bool:
    """Change the status; False when it is there already (a repeat does nothing)."""
    if commitment.status is to:
        return False
    if commitment.status not in allowed_from:
        raise NotAllowed("wrong_status", _("This entry is not in a state that allows this."))
    before = commitment.status
    commitment.status = to
    _bump(commitment, now)
    record(f"commitment.{to.value}", commitment, actor=editor.user, before=before.value)
    return True


def submit(commitment_id: int, *, editor: Editor, now: datetime) -> Commitment:
    """The city sends its draft (or returned entry) to the organisers."""
    commitment = _locked(commitment_id, editor)
    _move(commitment, Status.SUBMITTED, DELEGATE_EDITABLE, editor, now)
    return commitment


def publish(commitment_id: int, *, editor: Editor, now: datetime) -> Commitment:
    """An organiser publishes a submitted entry (public ones then show on the public list)."""
    require_organiser(editor)
    commitment = _locked(commitment_id, editor)
    if _move(commitment, Status.PUBLISHED, {Status.SUBMITTED, Status.RETURNED}, editor, now):
        commitment.published_at = commitment.published_at or now
    return commitment


def return_to_city(
    commitment_id: int, *, editor: Editor, comment: str, now: datetime
) -> Commitment:
    """An organiser sends an entry back to its city, saying what to change."""
    require_organiser(editor)
    checks = Checks()
    comment = checks.text("comment", comment, COMMENT)
    checks.done()
    commitment = _locked(commitment_id, editor)
    allowed = {Status.SUBMITTED, Status.PUBLISHED}
    if _move(commitment, Status.RETURNED, allowed, editor, now):
        commitment.organiser_comment = comment
    return commitment


def withdraw(commitment_id: int, *, editor: Editor, now: datetime) -> Commitment:
    """The city or an organiser withdraws an entry; it stays on record, off the lists."""
    commitment = _locked(commitment_id, editor)
    _move(commitment, Status.WITHDRAWN, set(Status) - {Status.WITHDRAWN}, editor, now)
    return commitment
