"""What every page may need to link to the programme: subscription links and kind labels."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_babel import get_locale

from forum.agenda.labels import SESSION_KIND_LABELS, role_label
from forum.agenda.lineup import people_lines
from forum.agenda.speaking import speaking_in
from forum.urls import external_url


def webcal(endpoint: str, **values: Any) -> str:
    """A subscription link: the feed's absolute URL with the webcal scheme."""
    url = external_url(endpoint, **values)
    return "webcal://" + url.split("://", 1)[1]


def page_feed_language(edition: Any) -> str | None:
    """The ``lang`` a page's subscription links ask for: the page's language, unless it is the
    edition's default (whose feed is the plain one)."""
    here = str(get_locale())
    return here if here != edition.default_language else None


def feed_language() -> str | None:
    """The content language a feed was asked for (``?lang=fr``), if the site speaks it."""
    lang = request.args.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else None


def calendar_links() -> dict[str, object]:
    """Template globals: ``webcal``, the session kinds' labels, the people's lines and roles, and
    the sessions a registration speaks in (for the private page)."""
    # Labels translated once per page, not once per session listed (hundreds on /agenda).
    labels = {kind: str(label) for kind, label in SESSION_KIND_LABELS.items()}
    return {
        "webcal": webcal,
        "feed_lang": page_feed_language,
        "kind_labels": labels,
        "people_lines": people_lines,
        "role_label": role_label,
        "speaking_in": speaking_in,
    }
