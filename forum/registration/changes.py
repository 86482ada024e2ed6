"""Changes an approved delegate asks for that an organiser must accept first.

Who a delegate represents (category, city, country, position) is what lets them sign the
declaration for a city and what their badge says. Once approved, a change of these waits
as a request; until an organiser accepts it, the registration keeps the facts accepted.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flask_babel import gettext as _

from forum.audit.services import record
from forum.auth.models import User
from forum.errors import NotAllowed
from forum.registration.details import RegistrationDetails
from forum.registration.lifecycle import notify
from forum.registration.models import Category, Registration, RegistrationStatus

# RegistrationDetails' fields that only an organiser's review may change after approval.
REVIEWED_FIELDS = ("category", "position_title", "city_name", "country_code")


def held_for_review(
    registration: Registration, accepted: RegistrationDetails, wanted: RegistrationDetails
) -> tuple[RegistrationDetails, dict[str, str]]:
    """The details to apply now, and the reviewed changes that wait (empty when none)."""
    if registration.status is not RegistrationStatus.APPROVED:
        return wanted, {}
    waiting = {
        name: _plain(getattr(wanted, name))
        for name in REVIEWED_FIELDS
        if getattr(wanted, name) != getattr(accepted, name)
    }
    kept = {name: getattr(accepted, name) for name in waiting}
    return replace(wanted, **kept), waiting


def ask_for_review(
    registration: Registration,
    accepted: RegistrationDetails,
    waiting: dict[str, str],
    *,
    now: datetime,
) -> None:
    """Keep the changes as a request the organisers see, and audit them (old and new)."""
    registration.pending_changes = waiting
    registration.changes_requested_at = now
    changed = {name: [_plain(getattr(accepted, name)), new] for name, new in waiting.items()}
    record("registration.change_requested", registration, actor=registration.user, changed=changed)


def waiting_details(
    registration: Registration, accepted: RegistrationDetails
) -> RegistrationDetails:
    """The registration's details as they would be with its waiting changes accepted."""
    pending: dict[str, object] = {
        name: value
        for name, value in (registration.pending_changes or {}).items()
        if name in REVIEWED_FIELDS
    }
    if "category" in pending:
        pending["category"] = Category(pending["category"])
    return replace(accepted, **pending)  # type: ignore[arg-type]


def asked_changes(registration: Registration) -> dict[str, list[str]]:
    """Each waiting change as the audit trail keeps it: {field: [accepted value, asked value]}."""
    return {name: [old, new] for name, old, new in waiting_changes(registration)}


def waiting_changes(registration: Registration) -> list[tuple[str, str, str]]:
    """(field, accepted value, asked value) of each change waiting for review."""
    pending = registration.pending_changes or {}
    accepted = {
        "category": registration.category.value,
        "position_title": registration.position_title,
        "city_name": registration.city.name,
        "country_code": registration.city.country_code,
    }
    return [(name, accepted[name], pending[name]) for name in REVIEWED_FIELDS if name in pending]


def settle(
    registration: Registration,
    *,
    actor: User,
    accepted: bool,
    message: str = "",
    message_lang: str | None = None,
    asked: dict[str, list[str]] | None = None,
) -> None:
    """Record the organiser's answer to a waiting change (``asked``: what it changes, old and
    new, when already applied) and tell the delegate (``message`` is in ``message_lang``)."""
    if not registration.pending_changes:
        raise NotAllowed("no_changes_waiting", _("No change waits for review."))
    action = "accepted" if accepted else "declined"
    changed = asked if asked is not None else asked_changes(registration)
    record(f"registration.changes_{action}", registration, actor=actor,
           changed=changed, message=message)  # fmt: skip
    registration.pending_changes = None
    registration.changes_requested_at = None
    notify(registration, f"changes_{action}", message=message, message_lang=message_lang)


def _plain(value: object) -> str:
    return value.value if isinstance(value, Category) else str(value)
