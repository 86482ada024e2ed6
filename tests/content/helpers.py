"""A Marrakech programme whose organisers translated some of it into French."""

from __future__ import annotations

from forum.extensions import db
from tests import factories
from tests.agenda import helpers

FRENCH_THEME = "Villes et inclusion"
FRENCH_SESSION = "Les maires et l’emploi"
FRENCH_ROOM = "Salle Atlas"
FRENCH_EDITION = "Le leadership des villes dans la mise en œuvre des pactes mondiaux"


def translated_programme() -> dict[str, int]:
    """A theme titled in French (its description not), a session titled in French in a
    room named in French; nothing in Spanish."""
    edition = factories.edition(title_i18n={"fr": FRENCH_EDITION})
    theme = helpers.theme(
        edition,
        title="Cities and inclusion",
        description="How cities include newcomers.",
        title_i18n={"fr": FRENCH_THEME},
        gcm_objectives=[16],
    )
    room = helpers.room(edition)
    room.name_i18n = {"fr": FRENCH_ROOM}
    session = helpers.session(
        edition,
        "Mayors and jobs",
        "10:00",
        "11:00",
        theme_id=theme.id,
        room_id=room.id,
        description="Work for all.",
        title_i18n={"fr": FRENCH_SESSION},
    )
    db.session.commit()
    return {"edition": edition.id, "theme": theme.id, "room": room.id, "session": session.id}
