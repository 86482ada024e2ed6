"""The demo programme's panels: moderators and speakers, some registered, some guests.

The guests' names are made up and say so ("Example", "Sample"): the demo must never pass
for a record of who spoke in Marrakech.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from forum.agenda.models import PersonRole, Session
from forum.agenda.people import PersonDraft, add_person
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus

M, S, K, R = PersonRole.MODERATOR, PersonRole.SPEAKER, PersonRole.KEYNOTE, PersonRole.RAPPORTEUR
# Session title: its people in order; an int is the n-th approved demo delegate, a tuple a
# guest (name, position, organisation, city, country).
PANELS: dict[str, list[tuple[PersonRole, int | tuple[str, str, str, str, str]]]] = {
    "Opening plenary: City leadership in implementing the UN Global Compacts": [
        (M, ("Nadia Example", "Director of programmes", "Mayors Migration Council (example)",
             "New York", "US")),
        (K, ("Grace Sample", "Secretary General", "UCLG (example)", "Barcelona", "ES")),
        (S, 0),
    ],
    "Cities protecting people in vulnerable situations": [
        (M, 1),
        (S, 2),
        (S, ("Omar Placeholder", "Protection officer", "IOM (example)", "Rabat", "MA")),
        (R, 3),
    ],
    "Health, schools and housing for all residents": [
        (M, ("Lucía Muestra", "Urban policy adviser", "UN-Habitat (example)", "Nairobi", "KE")),
        (S, 4),
        (S, 5),
    ],
    "Jobs, skills and belonging: inclusion that works": [
        (M, 6),
        (S, ("Jean Exemple", "Economist", "World Bank (example)", "Washington", "US")),
        (S, 7),
    ],
    "Launch of the GFMD Mayors Mechanism": [
        (K, ("Amina Specimen", "Chair", "GFMD (example)", "Geneva", "CH")),
        (S, 8),
    ],
}  # fmt: skip


def seed_panels(edition: Edition, *, now: datetime) -> None:
    """Give the demo sessions their moderators and speakers (needs the demo delegates)."""
    delegates = list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.edition_id == edition.id,
                Registration.status == RegistrationStatus.APPROVED,
            )
            .order_by(Registration.id)
        )
    )
    sessions = db.session.scalars(
        sa.select(Session).where(Session.edition_id == edition.id, Session.title.in_(PANELS))
    )
    for session in sessions:
        for role, who in PANELS[session.title]:
            draft = _draft(role, who, delegates)
            if draft is not None:
                add_person(session, draft, actor=None, now=now)


def _draft(
    role: PersonRole, who: int | tuple[str, str, str, str, str], delegates: list[Registration]
) -> PersonDraft | None:
    if isinstance(who, int):  # fewer demo delegates than panels need: leave the seat out
        return PersonDraft(role.value, delegates[who].id) if who < len(delegates) else None
    name, title, organisation, city, country = who
    return PersonDraft(role.value, None, name, title, organisation, city, country)
