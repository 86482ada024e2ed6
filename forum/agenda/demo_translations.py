"""The demo's content in French and Spanish, as organisers would type it (the project's own
translations): enough to see the agenda, feeds and badges in each language, with a few texts
left untranslated on purpose so the fallback and the "missing translation" marks show too."""

from __future__ import annotations

import sqlalchemy as sa

from forum.agenda.models import Room, Session, Theme
from forum.editions.models import Edition
from forum.extensions import db

EDITION_TITLE = {
    "fr": "Le leadership des villes dans la mise en œuvre des pactes mondiaux des Nations Unies",
    "es": "El liderazgo de las ciudades en la aplicación de los pactos mundiales de la ONU",
}
THEME_TITLES = {
    "vulnerabilities": {
        "fr": "Répondre aux besoins particuliers et réduire les vulnérabilités",
        "es": "Atender las necesidades especiales y reducir las vulnerabilidades",
    },
    "basic-services": {
        "fr": "Assurer l’accès aux services de base",
        "es": "Proporcionar acceso a los servicios básicos",
    },
    "inclusion": {
        "fr": "Donner aux migrants, aux réfugiés et aux sociétés les moyens de la pleine "
        "inclusion et de la cohésion sociale, notamment par l’emploi et la mobilité des "
        "compétences",
    },
}
ROOM_NAMES = {
    "Plenary hall": {"fr": "Salle plénière", "es": "Sala plenaria"},
    "Atlas room": {"fr": "Salle Atlas", "es": "Sala Atlas"},
    "Menara room": {"fr": "Salle Menara", "es": "Sala Menara"},
    "Lobby": {"fr": "Hall d’accueil", "es": "Vestíbulo"},
}
SESSION_TITLES = {
    "Registration and badge collection": {
        "fr": "Accueil et retrait des badges",
        "es": "Registro y entrega de acreditaciones",
    },
    "Coffee break": {"fr": "Pause café", "es": "Pausa para el café"},
    "Lunch": {"fr": "Déjeuner", "es": "Almuerzo"},
    "Launch of the GFMD Mayors Mechanism": {
        "fr": "Lancement du Mécanisme des maires du FMMD",
        "es": "Lanzamiento del Mecanismo de Alcaldes del FMMD",
    },
    "Signing of the Marrakech Mayors Declaration": {
        "fr": "Signature de la Déclaration des maires de Marrakech",
        "es": "Firma de la Declaración de Alcaldes de Marrakech",
    },
}


def translate_programme(edition: Edition) -> None:
    """Give the demo edition's title, themes, rooms and some sessions their translations."""
    edition.title_i18n = dict(EDITION_TITLE)

    def rows(model: type[Theme] | type[Room] | type[Session]) -> list[object]:
        return list(db.session.scalars(sa.select(model).where(model.edition_id == edition.id)))

    for theme in rows(Theme):
        assert isinstance(theme, Theme)
        theme.title_i18n = dict(THEME_TITLES.get(theme.slug, {}))
    for room in rows(Room):
        assert isinstance(room, Room)
        room.name_i18n = dict(ROOM_NAMES.get(room.name, {}))
    for session in rows(Session):
        assert isinstance(session, Session)
        session.title_i18n = dict(SESSION_TITLES.get(session.title, {}))
    db.session.flush()
