"""Words shown for summit syncs, their jobs and their changes, in the visitor's language."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from forum.agenda.gfmd.models import SyncJobStatus
from forum.agenda.labels import SESSION_KIND_LABELS
from forum.agenda.models import SyncStatus
from forum.formats import datetime as local_datetime

SYNC_STATUS_LABELS = {SyncStatus.OK: _l("Synced"), SyncStatus.FAILED: _l("Failed")}
JOB_STATUS_LABELS = {
    SyncJobStatus.QUEUED: _l("Waiting to start"),
    SyncJobStatus.RUNNING: _l("Running"),
    SyncJobStatus.HELD: _l("Waiting for your confirmation"),
    SyncJobStatus.DONE: _l("Done"),
    SyncJobStatus.FAILED: _l("Failed"),
    SyncJobStatus.DISCARDED: _l("Discarded"),
}
STEP_LABELS = {"fetching": _l("reading the summit's calendar"), "applying": _l("applying it")}
OUTCOME_LABELS = {
    "added": _l("Added"),
    "updated": _l("Updated"),
    "cancelled": _l("Cancelled"),
    "unchanged": _l("Unchanged"),
}
FIELD_LABELS = {
    "title": _l("Title"),
    "starts_at": _l("Start"),
    "ends_at": _l("End"),
    "location": _l("Place"),
    "description": _l("Description"),
    "all_day": _l("All day"),
    "status": _l("Status"),
    "kind": _l("Kind"),
}
STATUS_VALUE_LABELS = {"scheduled": _l("Scheduled"), "cancelled": _l("Cancelled")}
KIND_VALUE_LABELS = {kind.value: label for kind, label in SESSION_KIND_LABELS.items()}


def job_words() -> dict[str, str]:
    """Each job state's and step's label, keyed by value, for the progress script."""
    words = {status.value: str(label) for status, label in JOB_STATUS_LABELS.items()}
    words.update({f"step:{step}": str(label) for step, label in STEP_LABELS.items()})
    return words


def sync_value(value: object, zone: str, name: str = "") -> str:
    """A before/after value of a sync in words: times in the edition's zone, kinds named."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    labels = {"status": STATUS_VALUE_LABELS, "kind": KIND_VALUE_LABELS}.get(name, {})
    if value in labels:
        return str(labels[value])
    if name in {"starts_at", "ends_at"}:
        try:
            return local_datetime(datetime.fromisoformat(value), zone)
        except ValueError:  # history written by an older version: show it as it is
            return value
    return value
