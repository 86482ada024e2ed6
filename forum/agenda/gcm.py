"""Reference data: the 23 objectives of the Global Compact for Migration (A/RES/73/195), by
their short titles in the UI languages.

Source: the UN Network on Migration's short titles, as its Migration Network Hub lists them
in each language (https://migrationnetwork.un.org/hub?gcm_objectives=279 in English,
/fr/hub... in French, /es/hub... in Spanish). Every title below is the Network's own wording;
none is the project's.

Arabic: the Hub's Arabic list could not be read here, so the Arabic titles below are the
project's own translation of the English short titles (made after the objectives' full
wording in the Arabic text of A/RES/73/195), marked as such by ``OWN_TRANSLATIONS``; replace
them with the Network's wording once it is sourced.
"""

from __future__ import annotations

GCM_OBJECTIVES: dict[int, str] = {
    1: "Data",
    2: "Minimize adverse drivers",
    3: "Information provision",
    4: "Legal identity and documentation",
    5: "Regular pathways",
    6: "Recruitment and decent work",
    7: "Reduce vulnerabilities",
    8: "Save lives",
    9: "Counter smuggling",
    10: "Eradicate trafficking",
    11: "Manage borders",
    12: "Screening and referral",
    13: "Alternatives to detention",
    14: "Consular protection",
    15: "Access to basic services",
    16: "Inclusion and social cohesion",
    17: "Eliminate discrimination",
    18: "Skills development and recognition",
    19: "Migrant and diaspora contributions",
    20: "Remittances",
    21: "Dignified return and reintegration",
    22: "Social protection",
    23: "International cooperation",
}

_FRENCH = (
    "Données", "Lutter contre les facteurs négatifs", "Fourniture d’informations",
    "Identité légale et papiers", "Filières de migration régulière",
    "Recrutement et travail décent", "Réduire la vulnérabilité", "Sauver des vies",
    "Combattre le trafic de migrants", "Éradiquer la traite de personnes",
    "Gérer les frontières", "Contrôle, évaluation et orientation",
    "Alternatives à la rétention", "Protection consulaire", "Accès aux services de base",
    "Intégration et cohésion sociale", "Éliminer les discriminations",
    "Perfectionnement et reconnaissance des qualifications",
    "Contributions des migrants et diaspora", "Envois de fonds",
    "Retour digne et réintégration durable", "Protection sociale",
    "Coopération internationale",
)  # fmt: skip
_SPANISH = (
    "Datos", "Minimizar factores adversos", "Proporcionar información",
    "Identidad jurídica y documentación", "Vías de migración regular",
    "Contratación y trabajo decente", "Reducir vulnerabilidades", "Salvar vidas",
    "Combatir el tráfico de migrantes", "Erradicar la trata de personas",
    "Gestión de fronteras", "Verificación de antecedentes y derivación",
    "Alternativas a la detención", "Protección consular", "Acceso a los servicios básicos",
    "Inclusión y cohesión social", "Eliminar la discriminación",
    "Desarrollo y reconocimiento de competencias", "Contribución de migrantes y diásporas",
    "Remesas", "Retorno y reintegración dignos", "Protección social",
    "Cooperación internacional",
)  # fmt: skip

# The project's own translation (see above), not the UN Network's wording.
_ARABIC = (
    "البيانات", "الحد من العوامل السلبية", "توفير المعلومات", "الهوية القانونية والوثائق",
    "مسارات الهجرة النظامية", "التوظيف والعمل اللائق", "الحد من أوجه الضعف", "إنقاذ الأرواح",
    "مكافحة تهريب المهاجرين", "القضاء على الاتجار بالأشخاص", "إدارة الحدود",
    "الفحص والإحالة", "بدائل الاحتجاز", "الحماية القنصلية", "الوصول إلى الخدمات الأساسية",
    "الإدماج والتماسك الاجتماعي", "القضاء على التمييز", "تنمية المهارات والاعتراف بها",
    "مساهمات المهاجرين والمغتربين", "التحويلات المالية", "العودة الكريمة وإعادة الإدماج",
    "الحماية الاجتماعية", "التعاون الدولي",
)  # fmt: skip

GCM_TITLES: dict[str, dict[int, str]] = {
    "en": GCM_OBJECTIVES,
    "fr": dict(enumerate(_FRENCH, start=1)),
    "es": dict(enumerate(_SPANISH, start=1)),
    "ar": dict(enumerate(_ARABIC, start=1)),
}
# Languages whose titles are the project's own translation rather than a sourced one.
OWN_TRANSLATIONS = frozenset({"ar"})


def titles_are_own(language: str | None) -> bool:
    """True when ``language``'s titles are the project's own translation: pages say so."""
    return language in OWN_TRANSLATIONS


def gcm_title(number: int, language: str | None) -> str:
    """An objective's short title in ``language``, in English where none is sourced."""
    return GCM_TITLES.get(language or "en", GCM_OBJECTIVES).get(number) or GCM_OBJECTIVES[number]
