"""A registration's history as organisers read it: its audit trail, worded with the
registration's own labels (categories, statuses, countries) and times in the edition's zone."""

from __future__ import annotations

from datetime import datetime

from flask_babel import get_locale

from forum.audit.history import Entry, history
from forum.cities.services import country_name
from forum.i18n import local_time
from forum.registration.labels import CATEGORY_LABELS, STATUS_LABELS
from forum.registration.models import Registration

_CATEGORIES = {category.value: label for category, label in CATEGORY_LABELS.items()}
_STATUSES = {status.value: label for status, label in STATUS_LABELS.items()}


def registration_history(registration: Registration) -> list[Entry]:
    """The registration's audit trail, oldest first, in the viewer's language."""
    zone = registration.edition.timezone

    def words(field: str, value: str) -> str | None:
        if field == "category" and value in _CATEGORIES:
            return str(_CATEGORIES[value])
        if field == "status" and value in _STATUSES:
            return str(_STATUSES[value])
        if field == "country_code":
            return country_name(value, str(get_locale()))
        if field == "expires_at":
            try:
                return local_time(datetime.fromisoformat(value), zone)
            except ValueError:
                return None
        return None

    return history(registration, words=words)
