"""Who is on a session's panel, as lines of text: "Moderator: Name (City)", one per role."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _

from forum.agenda.labels import role_label
from forum.agenda.models import PersonRole, SessionPerson

# Calendars are written in one language for every subscriber (see feeds.py).
CALENDAR_ROLE_WORDS = {
    PersonRole.KEYNOTE: ("Keynote speaker", "Keynote speakers"),
    PersonRole.MODERATOR: ("Moderator", "Moderators"),
    PersonRole.SPEAKER: ("Speaker", "Speakers"),
    PersonRole.RAPPORTEUR: ("Rapporteur", "Rapporteurs"),
}


def calendar_role_words(role: PersonRole, count: int) -> str:
    """A role's name in the calendars' language."""
    singular, plural = CALENDAR_ROLE_WORDS[role]
    return singular if count == 1 else plural


def short_name(person: SessionPerson) -> str:
    """The name, and the city in brackets when known: "Fatima Zahra (Rabat)"."""
    return f"{person.name} ({person.city})" if person.city else person.name


def by_role(people: Sequence[SessionPerson]) -> list[tuple[PersonRole, list[SessionPerson]]]:
    """The people grouped by role, roles in the order their first person comes."""
    groups: dict[PersonRole, list[SessionPerson]] = {}
    for person in people:
        groups.setdefault(person.role, []).append(person)
    return list(groups.items())


def people_lines(people: Sequence[SessionPerson], *, calendar: bool = False) -> list[str]:
    """One line per role: "Speakers: A (Quito), B (Dakar)", in the visitor's language (or the
    calendars' one)."""
    lines = []
    for role, group in by_role(people):
        names = ", ".join(short_name(p) for p in group)
        if calendar:
            lines.append(f"{calendar_role_words(role, len(group))}: {names}")
        else:
            lines.append(_("%(role)s: %(names)s", role=role_label(role, len(group)), names=names))
    return lines
