"""Translations a city's later edit left behind: an entry's text changed after organisers
translated it, so the translation may say something else now. Read from the audit trail
(every edit names the fields it changed), so nothing more is stored."""

from __future__ import annotations

from collections.abc import Sequence

from forum.audit.models import AuditEvent
from forum.commitments.models import Commitment
from forum.translated import translations_of

TRANSLATED = ("title", "description")
EDITS = {"commitment.edited"}  # (a merge carries a kept text with its own translations)


def outdated_translations(commitment: Commitment, events: Sequence[AuditEvent]) -> list[str]:
    """The fields (of ``TRANSLATED``) whose text changed after their translations did, in the
    trail ``events`` (oldest first); an edit changing both leaves them current."""
    last: dict[str, int] = {}
    for position, event in enumerate(events):
        if event.action not in EDITS:
            continue
        fields = event.details.get("fields")
        for name in fields if isinstance(fields, list) else []:
            last[str(name)] = position
    return [
        field
        for field in TRANSLATED
        if translations_of(commitment, field)
        and last.get(field, -1) > last.get(f"{field}_i18n", -1)
    ]
