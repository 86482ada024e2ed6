"""The programme's days as HTML, rendered once per change and language, kept per process.

Rendering 500 sessions costs tens of milliseconds; reading what the list shows costs a few.
The key is read from the database on every request (each listed session's id and last
change, the places taken, the themes, the speakers' names), so a change on any node makes a
new key everywhere at once: nothing to invalidate, nothing stale to serve.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import get_locale
from markupsafe import Markup

from forum.agenda.models import Session, SessionPerson, Theme
from forum.agenda.queries import ProgrammeFilter, listed_sessions, programme, signup_counts
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration

# Two views of the agenda in four languages, with room for the versions just replaced.
MAX_PAGES = 32
Render = Callable[[list[Session], dict[int, int]], str]

_pages: OrderedDict[str, Markup] = OrderedDict()
_lock = threading.Lock()


def programme_html(edition: Edition, filters: ProgrammeFilter, render: Render) -> Markup:
    """``render(sessions, places taken)`` of the programme, or the same HTML kept from the
    last request that saw the programme as it is now."""
    taken = places_taken(edition, filters)
    key = _key(edition, filters, taken)
    with _lock:
        found = _pages.get(key)
        if found is not None:
            _pages.move_to_end(key)
            return found
    html = Markup(render(programme(edition, filters), taken))  # noqa: S704 (Jinja escaped it)
    with _lock:
        _pages[key] = html
        while len(_pages) > MAX_PAGES:
            _pages.popitem(last=False)
    return html


def places_taken(edition: Edition, filters: ProgrammeFilter) -> dict[int, int]:
    """How many delegates picked each listed session that has a capacity, in one query."""
    listed = listed_sessions(edition, filters).where(Session.capacity.is_not(None))
    return signup_counts(listed.with_only_columns(Session.id))


def clear() -> None:
    """Forget every kept page (benchmarks measure the first render after a change)."""
    with _lock:
        _pages.clear()


def _key(edition: Edition, filters: ProgrammeFilter, taken: dict[int, int]) -> str:
    listed = listed_sessions(edition, filters)
    sessions = db.session.execute(listed.with_only_columns(Session.id, Session.updated_at)).all()
    themes = db.session.execute(
        sa.select(Theme.id, Theme.updated_at).where(Theme.edition_id == edition.id)
    ).all()
    speakers = db.session.scalar(
        sa.select(sa.func.max(Registration.updated_at))
        .join(SessionPerson, SessionPerson.registration_id == Registration.id)
        .where(SessionPerson.session_id.in_(listed.with_only_columns(Session.id)))
    )
    parts = (
        edition.id, edition.timezone, edition.default_language, str(get_locale()), filters,
        sorted(sessions), sorted(themes), speakers, sorted(taken.items()),
    )  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()
