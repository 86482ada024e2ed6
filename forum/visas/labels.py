"""Words for the states and history of visa letters, in the reader's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.visas.models import VisaStatus

STATUS_LABELS = {
    VisaStatus.REQUESTED: _l("Requested"),
    VisaStatus.APPROVED: _l("Issued"),
    VisaStatus.REFUSED: _l("Refused"),
    VisaStatus.REVOKED: _l("Revoked"),
}

ACTION_LABELS = {
    "visa_letter.requested": _l("Requested by the delegate"),
    "visa_letter.approved": _l("Letter issued"),
    "visa_letter.refused": _l("Refused"),
    "visa_letter.revoked": _l("Letter revoked"),
    "visa_letter.passport_data_deleted": _l("Passport details deleted"),
}


def status_label(status: VisaStatus) -> str:
    """The state's name for people."""
    return str(STATUS_LABELS[status])


def action_label(action: str) -> str:
    """What a history entry means; an unknown one as recorded."""
    return str(ACTION_LABELS.get(action, action))
