"""The words a session CSV may use: column names and kinds as stored, or as any UI language
shows them ("Theme session", "Session thématique", "Sesión temática"), and the template."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.agenda.labels import SESSION_KIND_LABELS
from forum.agenda.models import SessionKind
from forum.spreadsheets import BOM, SafeWriter, plain_words

COLUMN_LABELS = {
    "title": _l("Title"),
    "kind": _l("Kind"),
    "theme": _l("Theme"),
    "room": _l("Room"),
    "date": _l("Day"),
    "start": _l("Starts at"),
    "end": _l("Ends at"),
    "capacity": _l("Places"),
    "description": _l("Description"),
}
COLUMNS = tuple(COLUMN_LABELS)
# Shorter headers people write by hand (in plain words), beyond the labels the site shows.
COLUMN_ALIASES = {
    "debut": "start", "fin": "end", "capacite": "capacity", "places": "capacity",
    "inicio": "start", "fecha": "date", "plazas": "capacity", "capacidad": "capacity",
    "type": "kind", "tipo": "kind", "titre": "title", "titulo": "title",
}  # fmt: skip
# French speakers say "session" as often as "séance", the word the site uses.
KIND_ALIASES = {"session thematique": SessionKind.THEME_SESSION.value}


def _in_every_language(words: dict[str, object]) -> dict[str, str]:
    """Each key under its own name and under its label in each UI language, as plain words."""
    found = {plain_words(key): key for key in words}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            found.update({plain_words(str(label)): key for key, label in words.items()})
    return found


class ImportWords:
    """The words a file may use, gathered once per file (each language's catalogue is read)."""

    def __init__(self) -> None:
        self.columns = {**COLUMN_ALIASES, **_in_every_language(dict(COLUMN_LABELS))}
        labels = {kind.value: label for kind, label in SESSION_KIND_LABELS.items()}
        self.kinds = {**KIND_ALIASES, **_in_every_language(labels)}

    def column_names(self, header: Iterable[str]) -> list[str]:
        """The columns a header row names (unknown cells kept, in plain words)."""
        return [self.columns.get(plain_words(cell), plain_words(cell)) for cell in header]

    def session_kind(self, text: str) -> SessionKind:
        """The kind a cell names, by its stored value or its label in a UI language; else
        ValueError naming the kinds that can be written."""
        value = self.kinds.get(plain_words(text))
        if value is None:
            accepted = ", ".join(str(label) for label in SESSION_KIND_LABELS.values())
            raise ValueError(
                _(
                    "“%(text)s” is not a kind of session; write one of: %(accepted)s"
                    " (or its code, such as theme_session).",
                    text=text,
                    accepted=accepted,
                )
            )
        return SessionKind(value)


def template_csv(day: date, theme: str) -> str:
    """A CSV to fill in: the header row and one example, in the viewer's language.

    UTF-8 with a BOM so Excel shows the accents; semicolons where Excel expects them
    (French and Spanish), commas elsewhere; the import reads either.
    """
    out = io.StringIO()
    out.write(BOM)
    writer = SafeWriter(out, delimiter="," if str(get_locale()) == "en" else ";")
    writer.writerow([str(label) for label in COLUMN_LABELS.values()])
    example = {
        "title": _("Cities welcoming newcomers"),
        "kind": str(SESSION_KIND_LABELS[SessionKind.THEME_SESSION]),
        "theme": theme,
        "room": "",
        "date": day.isoformat(),
        "start": "09:30",
        "end": "10:30",
        "capacity": "40",
        "description": _("Mayors share what worked in their cities."),
    }
    writer.writerow(example[name] for name in COLUMNS)
    return out.getvalue()
