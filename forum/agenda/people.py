"""Organisers naming who speaks, moderates or reports in a session, in a set order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pycountry
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from forum.agenda.models import PersonRole, Session, SessionPerson
from forum.agenda.notices import GONE
from forum.audit.services import record
from forum.auth.models import User
from forum.db import lock_row
from forum.errors import DomainError
from forum.extensions import db
from forum.registration.models import Registration
from forum.registration.search import matches
from forum.textsearch import fold
from forum.validation import Checks, Text

NAME = Text(max_length=200)
DETAIL = Text(max_length=200, required=False)


@dataclass(frozen=True)
class PersonDraft:
    """Who to add: a registration of the edition, or a guest's name and details."""

    role: str
    registration_id: int | None = None
    name: str = ""
    title: str = ""
    organisation: str = ""
    city: str = ""
    country_code: str = ""


def add_person(
    session: Session, draft: PersonDraft, *, actor: User | None, now: datetime
) -> SessionPerson:
    """Put a registration or a guest at the end of the session's people, every rule checked."""
    session = lock_row(Session, session.id)
    person = _checked(session, draft)
    person.position = max((p.position for p in session.people), default=-1) + 1
    session.people.append(person)
    session.updated_at = now  # the feeds' DESCRIPTION changes: their ETag must too
    db.session.flush()
    record("session.person_added", session, actor=actor, role=person.role.value, name=person.name)
    return person


def _checked(session: Session, draft: PersonDraft) -> SessionPerson:
    checks = Checks()
    role = next((r for r in PersonRole if r.value == draft.role), None)
    if role is None:
        checks.refuse("role", _("Choose one of the roles."))
    if draft.registration_id is not None:
        person = _registered(session, draft.registration_id, checks)
    else:
        person = _guest(draft, checks)
    if person is not None and _already_there(session, person):
        checks.refuse("name", _("This person is already in this session."))
    checks.done()
    assert person is not None and role is not None
    person.role = role
    return person


def _registered(session: Session, registration_id: int, checks: Checks) -> SessionPerson | None:
    registration = db.session.get(Registration, registration_id)
    if (
        registration is None
        or registration.edition_id != session.edition_id
        or registration.status in GONE
    ):
        checks.refuse("registration_id", _("Choose a delegate registered for this edition."))
        return None
    return SessionPerson(registration_id=registration.id, registration=registration)


def _guest(draft: PersonDraft, checks: Checks) -> SessionPerson:
    code = draft.country_code.strip().upper()
    if code and pycountry.countries.get(alpha_2=code) is None:
        checks.refuse("country_code", _("Choose a country from the list."))
    return SessionPerson(
        guest_name=checks.text("name", draft.name, NAME),
        guest_title=checks.text("title", draft.title, DETAIL) or None,
        guest_organisation=checks.text("organisation", draft.organisation, DETAIL) or None,
        guest_city=checks.text("city", draft.city, DETAIL) or None,
        guest_country_code=code or None,
    )


def _already_there(session: Session, new: SessionPerson) -> bool:
    if new.registration_id is not None:
        return any(p.registration_id == new.registration_id for p in session.people)
    return any(fold(p.name) == fold(new.name) for p in session.people)


def _person_of(session: Session, person_id: int) -> SessionPerson:
    person = next((p for p in session.people if p.id == person_id), None)
    if person is None:
        raise DomainError("unknown_person", _("This person is no longer in this session."))
    return person


def move_person(
    session: Session, person_id: int, step: int, *, actor: User | None, now: datetime
) -> bool:
    """Move one person up (-1) or down (+1) the list; False at either end."""
    session = lock_row(Session, session.id)
    people = list(session.people)
    person = _person_of(session, person_id)
    index = people.index(person)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(people):
        return False
    people[index], people[other] = people[other], people[index]
    for position, each in enumerate(people):
        each.position = position
    session.updated_at = now
    record("session.person_moved", session, actor=actor, name=person.name, position=other + 1)
    return True


def remove_person(session: Session, person_id: int, *, actor: User | None, now: datetime) -> None:
    """Take one person off the session; the others keep their order."""
    session = lock_row(Session, session.id)
    person = _person_of(session, person_id)
    session.people.remove(person)
    for position, each in enumerate(session.people):
        each.position = position
    session.updated_at = now
    record("session.person_removed", session, actor=actor, role=person.role.value, name=person.name)


def candidates(session: Session, query: str, limit: int = 20) -> list[Registration]:
    """The edition's registrations holding every word of ``query``, for the organiser to add."""
    if not query.strip():
        return []
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.edition_id == session.edition_id,
                Registration.status.not_in(GONE),
                matches(query),
            )
            .options(joinedload(Registration.city))
            .order_by(Registration.family_name, Registration.given_name, Registration.id)
            .limit(limit)
        )
    )
