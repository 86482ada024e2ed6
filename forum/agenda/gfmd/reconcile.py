"""Taking the GFMD summit's agenda into an edition by UID, and keeping the history of it."""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.agenda.gfmd.clashes import describe_clash, find_clashes
from forum.agenda.gfmd.fetch import FeedError, read_source
from forum.agenda.gfmd.items import SummitItem
from forum.agenda.gfmd.parse import parse_summit_feed
from forum.agenda.models import GfmdSync, Session, SessionSource, SessionStatus, SyncStatus
from forum.agenda.services import apply_changes, cancel_session
from forum.db import lock_row
from forum.editions.models import Edition
from forum.extensions import db

# The forum sits just before, after or inside the summit week: a series in the feed
# is expanded over the forum's dates widened by this much on each side.
SUMMIT_MARGIN = timedelta(days=14)
SOURCE_LENGTH = 500  # the columns holding a source
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
    """The days within which the summit's repeating items are taken."""
    return edition.starts_on - SUMMIT_MARGIN, edition.ends_on + SUMMIT_MARGIN


def sync_gfmd(edition: Edition, source: str | None, *, now: datetime) -> GfmdSync:
    """Bring the edition's summit items in line with the feed at ``source``; the caller commits.

    The feed is read and parsed before anything changes, so a FeedError leaves the
    session untouched. ``source`` None (or empty) means the edition's own source.
    """
    source = _source_for(edition, source)
    feed = parse_summit_feed(read_source(source), zone=edition.zone, window=summit_window(edition))
    lock_row(Edition, edition.id)  # two syncs of one edition run one after the other
    clashes_before = {clash.key for clash in find_clashes(edition)}
    tally = _reconcile(edition, feed.items, now)
    db.session.flush()
    new_clashes = [c for c in find_clashes(edition) if c.key not in clashes_before]
    edition.gfmd_agenda_source = source
    record = GfmdSync(
        edition_id=edition.id,
        source=source,
        started_at=now,
        status=SyncStatus.OK,
        **tally.counts,
        changes=tally.changes,
        warnings=feed.warnings,
        new_clashes=[describe_clash(clash, edition.timezone) for clash in new_clashes],
    )
    db.session.add(record)
    db.session.flush()
    return record


def sync_or_record_failure(edition: Edition, source: str | None, *, now: datetime) -> GfmdSync:
    """Sync, or keep a failed sync in the history when the feed cannot be read; the caller
    commits either way (a failure leaves the programme as it was)."""
    try:
        with db.session.begin_nested():
            return sync_gfmd(edition, source, now=now)
    except FeedError as error:
        return record_failed_sync(edition, source, error.message, now=now)


def _source_for(edition: Edition, source: str | None) -> str:
    """The source to read: the one given, else the edition's; FeedError when there is none."""
    source = (source or "").strip() or (edition.gfmd_agenda_source or "").strip()
    if not source:
        raise FeedError(_("No summit agenda source: give the address or file of its calendar."))
    if len(source) > SOURCE_LENGTH:
        raise FeedError(_("The source is longer than %(max)d characters.", max=SOURCE_LENGTH))
    return source


def record_failed_sync(
    edition: Edition, source: str | None, error: str, *, now: datetime
) -> GfmdSync:
    """A failed sync, kept in the history (in the caller's transaction)."""
    record = GfmdSync(
        edition_id=edition.id,
        source=(source or edition.gfmd_agenda_source or "")[:SOURCE_LENGTH],
        started_at=now,
        status=SyncStatus.FAILED,
        error=error,
    )
    db.session.add(record)
    return record


def sync_history(edition: Edition, *, limit: int = 50) -> list[GfmdSync]:
    """The edition's latest syncs, newest first."""
    query = (
        sa.select(GfmdSync)
        .where(GfmdSync.edition_id == edition.id)
        .order_by(GfmdSync.started_at.desc(), GfmdSync.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _reconcile(edition: Edition, items: list[SummitItem], now: datetime) -> _Tally:
    """Add new items, update changed ones, cancel those the feed no longer holds."""
    existing = {
        session.external_uid: session
        for session in db.session.scalars(
            sa.select(Session).where(
                Session.edition_id == edition.id, Session.source == SessionSource.GFMD
            )
        )
    }
    tally = _Tally()
    for item in items:
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
