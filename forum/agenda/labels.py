"""Words shown for the agenda enums, in the visitor's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.agenda.models import SessionKind

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
