"""One organiser's action on many entries at once: each entry goes through the same locked,
audited service as the single action, in a savepoint of its own within the request's one
transaction (a refusal undoes that entry only; rows are locked in id order, so two batches
never deadlock), and the summary says what changed and what was skipped, and why."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.commitments.access import Editor, require_organiser
from forum.commitments.checks import COMMENT
from forum.commitments.labels import STATUS_LABELS
from forum.commitments.models import Commitment
from forum.commitments.services import publish, return_to_city, withdraw
from forum.commitments.tagging import gcm_numbers, set_public, tag_gcm
from forum.db import lock_row
from forum.errors import DomainError
from forum.extensions import db
from forum.validation import Checks


class BulkAction(enum.Enum):
    """What can be done to many entries at once."""

    PUBLISH = "publish"
    RETURN = "return"
    WITHDRAW = "withdraw"
    TAG = "tag"
    PUBLIC = "public"
    PRIVATE = "private"


# Why an entry was left as it was when the action found nothing to change.
ALREADY = {
    BulkAction.PUBLISH: _l("Already published."),
    BulkAction.RETURN: _l("Already returned to its city."),
    BulkAction.WITHDRAW: _l("Already withdrawn."),
    BulkAction.TAG: _l("Its objectives are already so."),
    BulkAction.PUBLIC: _l("Already public."),
    BulkAction.PRIVATE: _l("Already organisers-only."),
}


@dataclass(frozen=True)
class BulkRequest:
    """The action, the entries ticked, and what the action needs (a comment, objectives)."""

    action: BulkAction
    ids: list[int]
    comment: str = ""
    add: frozenset[int] = frozenset()
    remove: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Skipped:
    """An entry the action left as it was, and why."""

    commitment_id: int
    title: str
    reason: str


@dataclass
class BulkSummary:
    """The ids of the entries changed, and those skipped with the reason."""

    changed: list[int] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def by_reason(self) -> dict[str, list[Skipped]]:
        """The entries skipped, grouped by why."""
        grouped: dict[str, list[Skipped]] = {}
        for skipped in self.skipped:
            grouped.setdefault(skipped.reason, []).append(skipped)
        return grouped


def checked_request(request: BulkRequest) -> BulkRequest:
    """The request with its comment cleaned; InvalidInput before any entry is touched."""
    checks = Checks()
    comment = request.comment
    if request.action is BulkAction.RETURN:
        comment = checks.text("comment", comment, COMMENT)
    if request.action is BulkAction.TAG:
        gcm_numbers(request.add, "add")
        gcm_numbers(request.remove, "remove")
        if not request.add and not request.remove:
            checks.refuse("add", _("Choose objectives to add or to remove."))
    if not request.ids:
        checks.refuse("ids", _("Tick at least one entry."))
    checks.done()
    return BulkRequest(request.action, request.ids, comment, request.add, request.remove)


def _service(request: BulkRequest, editor: Editor, now: datetime) -> Callable[[int], object]:
    """The single-entry service the action runs, as a function of the entry's id."""
    services: dict[BulkAction, Callable[[int], object]] = {
        BulkAction.PUBLISH: lambda i: publish(i, editor=editor, now=now),
        BulkAction.RETURN: lambda i: return_to_city(
            i, editor=editor, comment=request.comment, now=now
        ),
        BulkAction.WITHDRAW: lambda i: withdraw(i, editor=editor, now=now),
        BulkAction.TAG: lambda i: tag_gcm(
            i, add=request.add, remove=request.remove, editor=editor, now=now
        ),
        BulkAction.PUBLIC: lambda i: set_public(i, True, editor=editor, now=now),
        BulkAction.PRIVATE: lambda i: set_public(i, False, editor=editor, now=now),
    }
    return services[request.action]


def run_bulk(
    edition_id: int, request: BulkRequest, *, editor: Editor, now: datetime
) -> BulkSummary:
    """Apply one action to every entry ticked, one savepoint per entry, in id order."""
    require_organiser(editor)
    request = checked_request(request)
    ids = sorted(set(request.ids))
    query = sa.select(Commitment.id, Commitment.title).where(
        Commitment.edition_id == edition_id, Commitment.id.in_(ids)
    )
    titles = {row[0]: row[1] for row in db.session.execute(query)}
    summary = BulkSummary()
    service = _service(request, editor, now)
    for commitment_id in ids:
        if commitment_id not in titles:
            summary.skipped.append(Skipped(commitment_id, "", _("Not an entry of this edition.")))
            continue
        reason = _one(commitment_id, service, request.action)
        if reason is None:
            summary.changed.append(commitment_id)
        else:
            summary.skipped.append(Skipped(commitment_id, titles[commitment_id], reason))
    return summary


def _one(commitment_id: int, service: Callable[[int], object], action: BulkAction) -> str | None:
    """Run the service on one entry in a savepoint; why it was skipped, or None."""
    savepoint = db.session.begin_nested()
    row: Commitment = lock_row(Commitment, commitment_id)
    version, status = row.version, row.status
    try:
        service(commitment_id)
    except DomainError as error:
        savepoint.rollback()
        if error.code == "wrong_status":
            return _("Not allowed from its state (%(status)s).", status=STATUS_LABELS[status])
        return error.message
    savepoint.commit()
    if row.version == version:  # the service found it so already
        return str(ALREADY[action])
    return None
