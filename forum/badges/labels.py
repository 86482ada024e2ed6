"""Words shown for badge layouts and batch states, in the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.badges.models import JobStatus

LAYOUT_LABELS = {
    "a4": _l("A4 sheets: four A6 badges per page, with cut marks"),
    "a6": _l("A6: one badge per page"),
    "card": _l("Cards (85.6 × 54 mm) for a badge printer"),
}
JOB_STATUS_LABELS = {
    JobStatus.QUEUED: _l("Waiting to start"),
    JobStatus.RUNNING: _l("Drawing badges"),
    JobStatus.DONE: _l("Done"),
    JobStatus.FAILED: _l("Failed"),
}


def job_status_words() -> dict[str, str]:
    """Each batch state's label, keyed by its value, for the progress script."""
    return {status.value: str(label) for status, label in JOB_STATUS_LABELS.items()}
