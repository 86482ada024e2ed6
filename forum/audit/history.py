"""The audit trail of a record as people read it: each action in words, each changed field
by its label, old → new, values in words (enums by their labels, languages by name)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from forum.audit.labels import action_label, field_label
from forum.audit.services import trail

if TYPE_CHECKING:
    from forum.auth.models import User

# How an area words one stored value of one of its fields ("category", "approved" → "Approved");
# None: the area has nothing to say, the value is worded plainly.
Words = Callable[[str, str], str | None]
# Details that are not changes of a field: they are shown otherwise (the message) or not at all
# (ids of other rows, counts, flags of the demo data).
_NOT_CHANGES = {"message", "changed", "changes", "before", "after", "demo", "badge_id",
                "session_id", "count", "via", "method", "layout", "cancelled"}  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One field of a change: its label, and its value before (None when not known) and after."""

    label: str
    before: str | None
    after: str


@dataclass(frozen=True)
class Entry:
    """One event of the trail, in words."""

    at: datetime
    action: str
    actor: User | None
    changes: list[Change] = field(default_factory=list)
    message: str = ""


def history(target: Any, *, words: Words | None = None) -> list[Entry]:
    """The audit trail of ``target``, oldest first, in the viewer's language."""
    say = _value_words(words or (lambda _field, _value: None))
    return [
        Entry(
            at=event.at,
            action=action_label(event.action),
            actor=event.actor,
            changes=_changes(event.action, event.details or {}, say),
            message=str(event.details.get("message") or "") if event.details else "",
        )
        for event in trail(target)
    ]


def _changes(
    action: str, details: dict[str, Any], say: Callable[[str, object], str]
) -> list[Change]:
    """The changes an event's details tell, whichever way the service recorded them."""
    changes = []
    changed = details.get("changed")
    if isinstance(changed, dict):  # {"field": [old, new]}
        for name, pair in changed.items():
            old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
            changes.append(Change(field_label(name), _maybe(say, name, old), say(name, new)))
    elif isinstance(changed, list):  # older records: the names of the fields only
        changes += [Change(field_label(name), None, "") for name in changed]
    if isinstance(details.get("changes"), dict):  # a reviewed change: the values asked for
        changes += [Change(field_label(k), None, say(k, v)) for k, v in details["changes"].items()]
    if "after" in details:  # an address, else a status: before → after
        name = "email" if action.endswith("email_changed") else "status"
        before, after = details.get("before"), details["after"]
        changes.append(Change(field_label(name), _maybe(say, name, before), say(name, after)))
    for name, value in details.items():
        if name not in _NOT_CHANGES:
            changes.append(Change(field_label(name), None, say(name, value)))
    return changes


def _maybe(say: Callable[[str, object], str], name: str, value: object) -> str | None:
    return None if value is None else say(name, value)


def _value_words(words: Words) -> Callable[[str, object], str]:
    """How each stored value is shown: the area's words first, then plain words."""
    languages = Locale.parse(str(get_locale())).languages

    def say(name: str, value: object) -> str:
        if isinstance(value, list | tuple):
            return ", ".join(say(name, item) for item in value) or "—"
        if isinstance(value, bool):
            return str(_l("Yes") if value else _l("No"))
        if value is None or value == "":
            return "—"
        text = str(value)
        if name == "languages":
            return languages.get(text, text)
        worded = words(name, text)
        return text if worded is None else worded

    return say
