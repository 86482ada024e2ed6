"""What every page may need to link to the programme: subscription links and kind labels."""

from __future__ import annotations

from typing import Any

from forum.agenda.labels import SESSION_KIND_LABELS
from forum.urls import external_url


def webcal(endpoint: str, **values: Any) -> str:
    """A subscription link: the feed's absolute URL with the webcal scheme."""
    url = external_url(endpoint, **values)
    return "webcal://" + url.split("://", 1)[1]


def calendar_links() -> dict[str, object]:
    """Template globals: ``webcal`` and the session kinds' labels."""
    # Labels translated once per page, not once per session listed (hundreds on /agenda).
    labels = {kind: str(label) for kind, label in SESSION_KIND_LABELS.items()}
    return {"webcal": webcal, "kind_labels": labels}
