"""What people read for each kind, area, level and status."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.commitments.models import (
    Kind,
    OffererKind,
    OfferStatus,
    PartnershipLevel,
    ProgressStatus,
    Status,
    SupportArea,
)
from forum.commitments.progress import Staleness

KIND_LABELS = {
    Kind.DOING: _l("What we do"),
    Kind.COMMITMENT: _l("What we commit to"),
    Kind.SUPPORT_NEEDED: _l("What we need"),
}
AREA_LABELS = {
    SupportArea.RESOURCES: _l("Resources (financing, staff)"),
    SupportArea.TOOLS: _l("Tools (data, standards, methods)"),
    SupportArea.PARTNERSHIPS: _l("Partnerships"),
}
LEVEL_LABELS = {
    PartnershipLevel.LOCAL: _l("Local"),
    PartnershipLevel.NATIONAL: _l("National"),
    PartnershipLevel.GLOBAL: _l("Global"),
}
STATUS_LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.PUBLISHED: _l("Published"),
    Status.RETURNED: _l("Returned for changes"),
    Status.WITHDRAWN: _l("Withdrawn"),
}
PROGRESS_LABELS = {
    ProgressStatus.PLANNING: _l("Planning"),
    ProgressStatus.IN_PROGRESS: _l("In progress"),
    ProgressStatus.FULFILLED: _l("Fulfilled"),
    ProgressStatus.NOT_PURSUED: _l("Not pursued"),
}
STALENESS_LABELS = {
    Staleness.GREEN: _l("Updated within a year"),
    Staleness.AMBER: _l("No update for over a year"),
    Staleness.RED: _l("No update for over two years"),
}
OFFERER_LABELS = {
    OffererKind.CITY: _l("City"),
    OffererKind.UN_AGENCY: _l("UN agency"),
    OffererKind.CITY_NETWORK: _l("City network"),
    OffererKind.FOUNDATION: _l("Foundation"),
    OffererKind.DEVELOPMENT_BANK: _l("Development bank"),
    OffererKind.OTHER: _l("Other organisation"),
}
OFFER_STATUS_LABELS = {
    OfferStatus.DRAFT: _l("Draft"),
    OfferStatus.PUBLISHED: _l("Published"),
    OfferStatus.WITHDRAWN: _l("Withdrawn"),
}
# What the entry's history says for each audited action.
ACTION_LABELS = {
    "commitment.created": _l("Created"),
    "commitment.edited": _l("Edited"),
    "commitment.submitted": _l("Submitted"),
    "commitment.published": _l("Published"),
    "commitment.returned": _l("Returned for changes"),
    "commitment.withdrawn": _l("Withdrawn"),
    "commitment.progress": _l("Progress reported"),
    "commitment.confirmed": _l("Confirmed by the mayor"),
    "commitment.unconfirmed": _l("Confirmation dropped after a change"),
    "commitment.gcm_tagged": _l("GCM objectives changed"),
    "commitment.visibility": _l("Shown to the public or not"),
    "commitment.merged": _l("Duplicates merged into it"),
    "commitment.merged_into": _l("Merged into another entry"),
    "commitment.imported": _l("Imported from a file"),
}
LANGUAGE_LABELS = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "pt": "Português",
}


def labels() -> dict[str, object]:
    """Every label table, for templates."""
    return {
        "kind_labels": KIND_LABELS,
        "area_labels": AREA_LABELS,
        "level_labels": LEVEL_LABELS,
        "status_labels": STATUS_LABELS,
        "progress_labels": PROGRESS_LABELS,
        "staleness_labels": STALENESS_LABELS,
        "language_labels": LANGUAGE_LABELS,
        "action_labels": ACTION_LABELS,
        "offerer_labels": OFFERER_LABELS,
        "offer_status_labels": OFFER_STATUS_LABELS,
    }
