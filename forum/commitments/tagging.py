"""Organisers' light touches on an entry: adding or removing GCM objectives, and making it
public or organisers-only; each locks the row, checks inside the lock, bumps the version and
is audited, and a repeat changes nothing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import gettext as _

from forum.audit.services import record
from forum.commitments.access import Editor, require_organiser, require_writer
from forum.commitments.models import Commitment, GcmLink, Status
from forum.commitments.objectives import GCM
from forum.db import lock_row
from forum.errors import NotAllowed
from forum.validation import Checks


def gcm_numbers(numbers: Iterable[int], field: str = "gcm_objectives") -> set[int]:
    """The objective numbers once each; InvalidInput naming ``field`` if one is not 1 to 23."""
    chosen = set(numbers)
    checks = Checks()
    if any(number not in GCM for number in chosen):
        checks.refuse(field, _("Choose among the objectives listed."))
    checks.done()
    return chosen


def _locked_for_organiser(commitment_id: int, editor: Editor) -> Commitment:
    """The entry locked for this transaction, once the organiser may change it."""
    require_organiser(editor)
    commitment: Commitment = lock_row(Commitment, commitment_id)
    require_writer(editor, commitment.edition_id, commitment.city_id)
    if commitment.status is Status.WITHDRAWN:
        raise NotAllowed("not_editable", _("This entry can no longer be changed here."))
    return commitment


def bump(commitment: Commitment, now: datetime) -> None:
    """A new version of the entry (an edit made on the one before is then refused)."""
    commitment.version += 1
    commitment.updated_at = now


def set_objectives(commitment: Commitment, numbers: set[int]) -> None:
    """Link exactly these objectives, in order, keeping the links it has."""
    kept = {link.objective: link for link in commitment.gcm_links}
    commitment.gcm_links = [kept.get(n) or GcmLink(objective=n) for n in sorted(numbers)]


def tag_gcm(
    commitment_id: int,
    *,
    add: Iterable[int] = (),
    remove: Iterable[int] = (),
    editor: Editor,
    now: datetime,
) -> bool:
    """Add and remove GCM objectives on one entry; False when nothing changed."""
    adding, removing = gcm_numbers(add), gcm_numbers(remove)
    commitment = _locked_for_organiser(commitment_id, editor)
    before = set(commitment.gcm_objectives)
    after = (before | adding) - removing
    if after == before:
        return False
    set_objectives(commitment, after)
    bump(commitment, now)
    record(
        "commitment.gcm_tagged",
        commitment,
        actor=editor.user,
        added=sorted(after - before),
        removed=sorted(before - after),
    )
    return True


def set_public(commitment_id: int, public: bool, *, editor: Editor, now: datetime) -> bool:
    """Show the entry to the public (once published) or to organisers only; False when it
    is so already."""
    commitment = _locked_for_organiser(commitment_id, editor)
    if commitment.is_public is public:
        return False
    commitment.is_public = public
    bump(commitment, now)
    record("commitment.visibility", commitment, actor=editor.user, public=public)
    return True
