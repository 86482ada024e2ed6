"""Words shown for the agenda enums, in the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from forum.agenda.models import PersonRole, SessionKind

SESSION_KIND_LABELS = {
    SessionKind.OPENING: _l("Opening ceremony"),
    SessionKind.PLENARY: _l("Plenary"),
    SessionKind.THEME_SESSION: _l("Theme session"),
    SessionKind.ROUNDTABLE: _l("Roundtable"),
    SessionKind.COMMON_SPACE: _l("Common Space"),
    SessionKind.BREAKOUT: _l("Breakout"),
    SessionKind.BUSINESS_MEETING: _l("Business meeting"),
    SessionKind.PARTNERSHIPS: _l("Platform for partnerships"),
    SessionKind.SIDE_EVENT: _l("Side event"),
    SessionKind.NETWORKING: _l("Networking"),
    SessionKind.REGISTRATION: _l("Registration and accreditation"),
    SessionKind.MEAL: _l("Lunch or reception"),
    SessionKind.BREAK: _l("Break"),
    SessionKind.SIGNING_CEREMONY: _l("Declaration signing"),
    SessionKind.OTHER: _l("Other"),
}


def role_label(role: PersonRole, count: int = 1) -> str:
    """A role's name, plural for several people ("Speakers"), in the visitor's language."""
    if role is PersonRole.KEYNOTE:
        return ngettext("Keynote speaker", "Keynote speakers", count)
    if role is PersonRole.MODERATOR:
        return ngettext("Moderator", "Moderators", count)
    if role is PersonRole.RAPPORTEUR:
        return ngettext("Rapporteur", "Rapporteurs", count)
    return ngettext("Speaker", "Speakers", count)
