"""The Global Compacts' objectives by number, with their short titles in the UI languages
(public UN text, shortened; the GCM's 23, the GCR's 4)."""

from __future__ import annotations

from flask_babel import get_locale

# number: (English, French, Spanish)
GCM: dict[int, tuple[str, str, str]] = {
    1: ("Data", "Données", "Datos"),
    2: ("Minimize adverse drivers", "Réduire les facteurs négatifs", "Minimizar factores adversos"),
    3: ("Information provision", "Information", "Información"),
    4: ("Legal identity and documentation", "Identité juridique et papiers",
        "Identidad jurídica y documentación"),
    5: ("Regular pathways", "Filières de migration régulière", "Vías de migración regular"),
    6: ("Fair recruitment and decent work", "Recrutement équitable et travail décent",
        "Contratación equitativa y trabajo decente"),
    7: ("Reduce vulnerabilities", "Réduire les vulnérabilités", "Reducir las vulnerabilidades"),
    8: ("Save lives", "Sauver des vies", "Salvar vidas"),
    9: ("Counter smuggling", "Lutter contre le trafic de migrants",
        "Combatir el tráfico de migrantes"),
    10: ("Eradicate trafficking", "Éliminer la traite des personnes",
         "Erradicar la trata de personas"),
    11: ("Manage borders", "Gestion des frontières", "Gestión de fronteras"),
    12: ("Screening and referral", "Filtrage et orientation", "Evaluación y derivación"),
    13: ("Alternatives to detention", "Alternatives à la rétention",
         "Alternativas a la detención"),
    14: ("Consular protection", "Protection consulaire", "Protección consular"),
    15: ("Access to basic services", "Accès aux services de base",
         "Acceso a servicios básicos"),
    16: ("Inclusion and social cohesion", "Inclusion et cohésion sociale",
         "Inclusión y cohesión social"),
    17: ("Eliminate discrimination", "Éliminer la discrimination",
         "Eliminar la discriminación"),
    18: ("Skills development and recognition", "Compétences et leur reconnaissance",
         "Desarrollo y reconocimiento de competencias"),
    19: ("Migrant and diaspora contributions", "Contributions des migrants et des diasporas",
         "Contribuciones de migrantes y diásporas"),
    20: ("Remittances", "Envois de fonds", "Remesas"),
    21: ("Dignified return and reintegration", "Retour digne et réintégration",
         "Retorno digno y reintegración"),
    22: ("Portability of social protection", "Portabilité de la protection sociale",
         "Portabilidad de la protección social"),
    23: ("International cooperation", "Coopération internationale",
         "Cooperación internacional"),
}  # fmt: skip

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
    index = _LANGUAGES.index(language) if language in _LANGUAGES else 0
    return objectives[number][index]


def titles_here(objectives: dict[int, tuple[str, str, str]]) -> dict[int, str]:
    """Every objective's short title in the reader's language."""
    language = str(get_locale())
    return {number: title(objectives, number, language) for number in objectives}
