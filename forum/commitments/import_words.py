"""The words an import file of entries may use: columns and values as stored, or as the site
shows them in English, French or Spanish, and the template to fill in."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.commitments.checks import LANGUAGES
from forum.commitments.labels import (
    AREA_LABELS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
)
from forum.commitments.models import Kind, PartnershipLevel, Status, SupportArea
from forum.spreadsheets import BOM, SafeWriter, plain_words

COLUMN_LABELS = {
    "country": _l("Country code"),
    "city": _l("City"),
    "theme": _l("Theme"),
    "kind": _l("Kind"),
    "title": _l("Title"),
    "description": _l("Description"),
    "language": _l("Language"),
    "support_areas": _l("Support areas"),
    "partnership_level": _l("Partnership level"),
    "gcm_objectives": _l("GCM objectives"),
    "target": _l("Target"),
    "target_date": _l("Target date"),
    "partners": _l("Partners"),
    "status": _l("Status"),
}
COLUMNS = tuple(COLUMN_LABELS)
REQUIRED = ("country", "city", "theme", "kind", "title")
# Headers and values people write by hand (in plain words), beyond the labels the site shows.
COLUMN_ALIASES = {
    "pays": "country", "pais": "country", "ville": "city", "ciudad": "city", "titre": "title",
    "titulo": "title", "type": "kind", "tipo": "kind", "langue": "language", "idioma": "language",
    "gcm": "gcm_objectives", "pmm": "gcm_objectives", "cible": "target", "meta": "target",
    "partenaires": "partners", "socios": "partners", "statut": "status", "estado": "status",
    "objectifs pmm": "gcm_objectives", "objetivos pmm": "gcm_objectives",
}  # fmt: skip
VALUE_ALIASES = {
    "kind": {"action": "doing", "pledge": "commitment", "need": "support_needed",
             "engagement": "commitment", "besoin": "support_needed", "accion": "doing",
             "compromiso": "commitment", "necesidad": "support_needed"},
    "support_areas": {"ressources": "resources", "outils": "tools", "partenariats": "partnerships",
                      "recursos": "resources", "herramientas": "tools", "alianzas": "partnerships"},
    "partnership_level": {"mondial": "global", "mundial": "global", "nacional": "national"},
    "status": {"soumis": "submitted", "publie": "published", "publiee": "published",
               "enviado": "submitted", "publicado": "published", "publicada": "published"},
    "language": {"english": "en", "french": "fr", "spanish": "es", "anglais": "en",
                 "francais": "fr", "espagnol": "es", "ingles": "en", "frances": "fr",
                 "espanol": "es"},
}  # fmt: skip
IMPORTED_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED)
_ASIDE = re.compile(r"\([^)]*\)")  # "Resources (financing, staff)" is read as "Resources"


def _key(text: str) -> str:
    return plain_words(_ASIDE.sub(" ", text))


def _in_every_language(words: Mapping[str, object]) -> dict[str, str]:
    """Each key under its own name and its label in each UI language, as plain words."""
    found = {_key(key): key for key in words}
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            found.update({_key(str(label)): key for key, label in words.items()})
    return found


def _values(labels: Mapping[Any, object]) -> dict[str, object]:
    return {str(getattr(key, "value", key)): label for key, label in labels.items()}


class ImportWords:
    """The words a file may use, gathered once per file (each language's catalogue is read)."""

    def __init__(self) -> None:
        self.columns = {**COLUMN_ALIASES, **_in_every_language(COLUMN_LABELS)}
        statuses = {s: STATUS_LABELS[s] for s in IMPORTED_STATUSES}
        languages = {code: LANGUAGE_LABELS.get(code, code) for code in LANGUAGES}
        tables: dict[str, Mapping[Any, object]] = {
            "kind": KIND_LABELS, "support_areas": AREA_LABELS, "partnership_level": LEVEL_LABELS,
            "status": statuses, "language": languages,
        }  # fmt: skip
        self.values = {
            column: {**VALUE_ALIASES.get(column, {}), **_in_every_language(_values(labels))}
            for column, labels in tables.items()
        }

    def column_names(self, header: Iterable[str]) -> list[str]:
        """The columns a header row names (unknown cells kept, in plain words)."""
        return [self.columns.get(_key(cell), _key(cell)) for cell in header]

    def value(self, column: str, text: str) -> str | None:
        """The stored value a cell names in ``column``, or None."""
        return self.values[column].get(_key(text))


def template_csv(theme: str, country: str, city: str) -> str:
    """A CSV to fill in: the header row and one example, in the viewer's language (UTF-8
    with a BOM; semicolons for French and Spanish Excel, commas elsewhere)."""
    out = io.StringIO()
    out.write(BOM)
    writer = SafeWriter(out, delimiter="," if str(get_locale()) == "en" else ";")
    writer.writerow([str(label) for label in COLUMN_LABELS.values()])
    example = {
        "country": country, "city": city, "theme": theme,
        "kind": str(KIND_LABELS[Kind.SUPPORT_NEEDED]), "title": _("Data on newcomers"),
        "description": _("We need to count who arrives."), "language": str(get_locale()),
        "support_areas": f"{SupportArea.TOOLS.value}; {SupportArea.PARTNERSHIPS.value}",
        "partnership_level": PartnershipLevel.NATIONAL.value, "gcm_objectives": "1, 16",
        "target": _("A yearly newcomer survey"), "target_date": "2020-12-31", "partners": "",
        "status": Status.DRAFT.value,
    }  # fmt: skip
    writer.writerow(example[name] for name in COLUMNS)
    return out.getvalue()
