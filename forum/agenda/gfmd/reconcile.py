"""Taking the GFMD summit's agenda into an edition by UID, and keeping the history of it."""

from __future__ import annotations

import enum
import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.agenda.gfmd.clashes import Clash, describe_clash, find_clashes
from forum.agenda.gfmd.fetch import FeedError, read_source
from forum.agenda.gfmd.history import SOURCE_LENGTH, latest_sync_id, record_failed_sync
from forum.agenda.gfmd.items import SummitItem
from forum.agenda.gfmd.models import GfmdSyncJob, SyncJobStatus
from forum.agenda.gfmd.parse import ParsedFeed, parse_summit_feed
from forum.agenda.gfmd.settings import fetch_policy, hold_share
from forum.agenda.models import GfmdSync, Session, SessionSource, SessionStatus, SyncStatus
from forum.agenda.services import apply_changes, cancel_session
from forum.db import lock_row
from forum.editions.models import Edition
from forum.extensions import db

log = logging.getLogger(__name__)

# The forum sits just before, after or inside the summit week: a series in the feed is
# expanded over the forum's dates widened by this much on each side, and an item that
# does not lie within them is refused (a year-9999 typo never reaches the programme).
SUMMIT_MARGIN = timedelta(days=14)
_TITLE_LENGTH = 300
_UID_LENGTH = 500
# What happens to a session whose item left the feed: it is cancelled, never deleted.
_LEFT_THE_FEED = {"status": [SessionStatus.SCHEDULED, SessionStatus.CANCELLED]}


@dataclass
class _Tally:
    """What a sync did, item by item."""

    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("added", "updated", "cancelled", "unchanged"), 0)
    )
    changes: list[dict[str, object]] = field(default_factory=list)

    def record(self, outcome: str, uid: str, title: str, changes: dict[str, list[Any]]) -> None:
        """Count one item's outcome and keep its changes (JSON-ready)."""
        self.counts[outcome] += 1
        self.changes.append(
            {"uid": uid, "title": title, "outcome": outcome, "changes": _jsonable(changes)}
        )


def summit_window(edition: Edition) -> tuple[date, date]:
    """The days within which the summit's items are taken (series expanded, others refused)."""
    return edition.starts_on - SUMMIT_MARGIN, edition.ends_on + SUMMIT_MARGIN


class SyncHeld(Exception):
    """The sync would cancel more than the allowed share of the scheduled summit items.

    Nothing was changed; ``preview`` (JSON-ready) says what it would do, for an organiser
    to confirm or discard.
    """

    def __init__(self, preview: dict[str, Any]) -> None:
        super().__init__("sync held for confirmation")
        self.preview = preview


def sync_gfmd(
    edition: Edition, source: str | None, *, now: datetime, confirmed: bool = False
) -> GfmdSync:
    """Bring the edition's summit items in line with the feed at ``source``; the caller commits.

    ``source`` None (or empty) means the edition's own source. Nothing changes on a
    FeedError, nor on SyncHeld (unless ``confirmed``: the organiser wants it applied).
    """
    source = source_for(edition, source)
    data = read_source(source, fetch_policy())
    return apply_feed(edition, source, data, now=now, confirmed=confirmed)


def apply_feed(
    edition: Edition,
    source: str,
    data: bytes,
    *,
    now: datetime,
    confirmed: bool = False,
    latest_sync: int | None = None,
) -> GfmdSync:
    """Take in a feed already read, the whole of it or nothing; the caller commits.

    ``latest_sync``: apply only if that is still the edition's latest sync (0: none yet),
    so a confirmed preview never undoes a sync that ran after it.
    """
    feed = parse_summit_feed(data, zone=edition.zone, window=summit_window(edition))
    lock_row(Edition, edition.id)  # two syncs of one edition run one after the other
    if latest_sync is not None and latest_sync_id(edition) != latest_sync:
        raise FeedError(
            _("The summit agenda was synced again since this preview; sync anew."), "outdated"
        )
    with db.session.begin_nested():  # leaving by SyncHeld undoes everything it did
        scheduled = _scheduled_items(edition)
        clashes_before = {clash.key for clash in find_clashes(edition)}
        tally = _reconcile(edition, feed, now)
        if not confirmed and _too_many_cancelled(tally, scheduled):
            raise SyncHeld(_preview(edition, tally, feed, scheduled))
        db.session.flush()
        new_clashes = [c for c in find_clashes(edition) if c.key not in clashes_before]
        edition.gfmd_agenda_source = source
        _discard_held_previews(edition, now)
        return _record(edition, source, tally, feed.warnings, new_clashes, now)


def _discard_held_previews(edition: Edition, now: datetime) -> None:
    """Held syncs of the edition were previewed against what this sync just changed."""
    db.session.execute(
        sa.update(GfmdSyncJob)
        .where(GfmdSyncJob.edition_id == edition.id, GfmdSyncJob.status == SyncJobStatus.HELD)
        .values(status=SyncJobStatus.DISCARDED, held_feed=None, finished_at=now)
        .execution_options(synchronize_session=False)
    )


def _record(
    edition: Edition,
    source: str,
    tally: _Tally,
    warnings: list[str],
    new_clashes: list[Clash],
    now: datetime,
) -> GfmdSync:
    """The history entry of a sync that was applied."""
    record = GfmdSync(
        edition_id=edition.id,
        source=source,
        started_at=now,
        status=SyncStatus.OK,
        **tally.counts,
        changes=tally.changes,
        warnings=warnings,
        new_clashes=[describe_clash(clash, edition.timezone) for clash in new_clashes],
    )
    db.session.add(record)
    db.session.flush()
    return record


def _too_many_cancelled(tally: _Tally, scheduled: int) -> bool:
    return scheduled > 0 and tally.counts["cancelled"] > hold_share() * scheduled


def _scheduled_items(edition: Edition) -> int:
    """How many of the edition's summit items are scheduled (not cancelled)."""
    query = sa.select(sa.func.count()).where(
        Session.edition_id == edition.id,
        Session.source == SessionSource.GFMD,
        Session.status == SessionStatus.SCHEDULED,
    )
    return db.session.scalar(query) or 0


def _preview(edition: Edition, tally: _Tally, feed: ParsedFeed, scheduled: int) -> dict[str, Any]:
    """What a held sync would do, to show and, once confirmed, to check against."""
    return {
        "counts": tally.counts,
        "scheduled": scheduled,
        "share": hold_share(),
        "changes": tally.changes,
        "warnings": feed.warnings,
        "latest_sync": latest_sync_id(edition),
    }


def sync_or_record_failure(
    edition: Edition, source: str | None, *, now: datetime, confirmed: bool = False
) -> GfmdSync:
    """Sync, or keep a failed sync in the history when the feed cannot be read; the caller
    commits either way (a failure leaves the programme as it was). SyncHeld goes through."""
    try:
        with db.session.begin_nested():
            return sync_gfmd(edition, source, now=now, confirmed=confirmed)
    except FeedError as error:
        log.warning("summit sync of %s failed: %s", source or edition.gfmd_agenda_source, error)
        return record_failed_sync(edition, source, error.reason, now=now)


def source_for(edition: Edition, source: str | None) -> str:
    """The source to read: the one given, else the edition's; FeedError when there is none."""
    source = (source or "").strip() or (edition.gfmd_agenda_source or "").strip()
    if not source:
        raise FeedError(
            _("No summit agenda source: give the address or file of its calendar."), "no_source"
        )
    if len(source) > SOURCE_LENGTH:
        raise FeedError(
            _("The source is longer than %(max)d characters.", max=SOURCE_LENGTH), "too_long"
        )
    return source


def _reconcile(edition: Edition, feed: ParsedFeed, now: datetime) -> _Tally:
    """Add new items, update changed ones, cancel those the feed no longer holds.

    A session whose item was refused for its times is left as it was.
    """
    existing = {
        session.external_uid: session
        for session in db.session.scalars(
            sa.select(Session).where(
                Session.edition_id == edition.id, Session.source == SessionSource.GFMD
            )
        )
    }
    for uid in feed.refused:
        existing.pop(external_uid(uid), None)
    tally = _Tally()
    for item in feed.items:
        session = existing.pop(external_uid(item.uid), None)
        if session is None:
            _add(edition, item, now)
            tally.record("added", item.uid, item.title, {})
        else:
            _update(session, item, now, tally)
    for session in existing.values():
        if cancel_session(session, now=now):
            tally.record("cancelled", session.external_uid or "", session.title, _LEFT_THE_FEED)
    return tally


def _add(edition: Edition, item: SummitItem, now: datetime) -> None:
    """A new summit item becomes a session of the edition."""
    db.session.add(
        Session(
            edition_id=edition.id,
            source=SessionSource.GFMD,
            external_uid=external_uid(item.uid),
            sequence=0,
            created_at=now,
            updated_at=now,
            **_values_of(item),
        )
    )


def _update(session: Session, item: SummitItem, now: datetime, tally: _Tally) -> None:
    """Apply what changed in the feed; a change to cancelled counts as a cancellation."""
    changes = apply_changes(session, now=now, **_values_of(item))
    if not changes:
        tally.counts["unchanged"] += 1
        return
    became_cancelled = changes.get("status", [None, None])[1] is SessionStatus.CANCELLED
    tally.record("cancelled" if became_cancelled else "updated", item.uid, item.title, changes)


def _values_of(item: SummitItem) -> dict[str, Any]:
    """The session fields a summit item sets, cut to what the columns hold."""
    return {
        "title": item.title[:_TITLE_LENGTH],
        "starts_at": item.starts_at,
        "ends_at": item.ends_at,
        "location": item.location[:_TITLE_LENGTH],
        "description": item.description,
        "all_day": item.all_day,
        "status": SessionStatus.CANCELLED if item.cancelled else SessionStatus.SCHEDULED,
        "kind": item.kind,
    }


def external_uid(uid: str) -> str:
    """The UID as stored: a very long one is replaced by its hash, still unique and stable."""
    if len(uid) <= _UID_LENGTH:
        return uid
    return f"sha256:{hashlib.sha256(uid.encode()).hexdigest()}"


def _jsonable(changes: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """{field: [before, after]} with times as ISO strings and enums as their values."""
    return {name: [_plain(value) for value in pair] for name, pair in changes.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
