"""Guessing what sort of summit item an entry is from its title and categories."""

from __future__ import annotations

import re
from collections.abc import Iterable

from forum.agenda.models import SessionKind

# Order matters: the first match wins, so the more specific names come first
# ("Common Space breakout" is Common Space, "Lunch break" a meal, "Side event lunch" a side event).
_KIND_PATTERNS: tuple[tuple[SessionKind, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (SessionKind.SIGNING_CEREMONY, r"\bsigning\b|\bsignature\b"),
        (SessionKind.REGISTRATION, r"\bregistration\b|\baccreditation\b|\binscription\b"),
        (SessionKind.OPENING, r"\bopening\b|\binaugura|\bouverture\b|\bapertura\b"),
        (SessionKind.COMMON_SPACE, r"\bcommon space\b|\bespace commun\b"),
        (
            SessionKind.ROUNDTABLE,
            r"\bround[ -]?tables?\b|\brt\s?\d|\btable ronde\b|\bmesa redonda\b",
        ),
        (SessionKind.BUSINESS_MEETING, r"\bbusiness meeting\b"),
        (SessionKind.PARTNERSHIPS, r"\bplatform for partnerships?\b|\bpfp\b"),
        (
            SessionKind.SIDE_EVENT,
            r"\bside[ -]events?\b|\bévénement parallèle\b|\bevento paralelo\b",
        ),
        (SessionKind.BREAKOUT, r"\bbreak-?out\b"),
        (SessionKind.PLENARY, r"\bplenary\b|\bpléni[eè]re\b|\bplenaria\b|\bclosing\b"),
        (SessionKind.NETWORKING, r"\bnetworking\b"),
        (SessionKind.MEAL, r"\blunch\b|\bdinner\b|\breception\b|\bbreakfast\b|\bdéjeuner\b"),
        (SessionKind.BREAK, r"\bbreak\b|\bcoffee\b|\bpause\b"),
    )
)


def guess_kind(title: str, categories: Iterable[str] = ()) -> SessionKind:
    """The kind a summit item most likely is: its title decides, else its categories."""
    for text in (title, " ".join(categories)):
        for kind, pattern in _KIND_PATTERNS:
            if pattern.search(text):
                return kind
    return SessionKind.OTHER
