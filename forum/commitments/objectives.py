"""The Global Compacts' objectives by number, with their short titles in the UI languages
(the GCM's 23 as the UN Network on Migration shortens them; the GCR's 4 are the project's
own shortening of the public UN text)."""

from __future__ import annotations

from flask_babel import get_locale

from forum.agenda.gcm import GCM_TITLES, gcm_title

# number: (English, French, Spanish): the UN Network on Migration's short titles (sourced in
# forum/agenda/gcm.py, which the agenda's theme pages use too).
GCM: dict[int, tuple[str, str, str]] = {
    number: (english, GCM_TITLES["fr"][number], GCM_TITLES["es"][number])
    for number, english in GCM_TITLES["en"].items()
}

GCR: dict[int, tuple[str, str, str]] = {
    1: ("Ease pressures on host countries", "Alléger la charge des pays d’accueil",
        "Aliviar las presiones sobre los países de acogida"),
    2: ("Enhance refugee self-reliance", "Renforcer l’autonomie des réfugiés",
        "Fomentar la autosuficiencia de los refugiados"),
    3: ("Expand third-country solutions", "Élargir l’accès aux solutions dans des pays tiers",
        "Ampliar el acceso a soluciones en terceros países"),
    4: ("Support safe and dignified return", "Favoriser un retour en sécurité et dans la dignité",
        "Apoyar un retorno en condiciones de seguridad y dignidad"),
}  # fmt: skip

_LANGUAGES = ("en", "fr", "es")


def title(objectives: dict[int, tuple[str, str, str]], number: int, language: str) -> str:
    """An objective's short title in ``language`` (English when the language has none)."""
    if objectives is GCM:  # the GCM's titles exist in Arabic too (forum/agenda/gcm.py)
        return gcm_title(number, language)
    index = _LANGUAGES.index(language) if language in _LANGUAGES else 0
    return objectives[number][index]


def titles_here(objectives: dict[int, tuple[str, str, str]]) -> dict[int, str]:
    """Every objective's short title in the reader's language."""
    language = str(get_locale())
    return {number: title(objectives, number, language) for number in objectives}
