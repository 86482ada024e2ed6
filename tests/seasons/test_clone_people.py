"""Cloning copies a session but never the people on its panel: speakers, moderators and
guests belong to one year's programme, and a registration of the old edition cannot sit on
the new one's sessions."""

from __future__ import annotations

import sqlalchemy as sa

from forum.agenda.models import PersonRole, Session, SessionPerson
from forum.extensions import db
from forum.registration.models import Registration
from tests.conftest import count_rows
from tests.seasons.test_cloning import _clone_to_quito, _marrakech_with_programme


def test_cloning_copies_no_speaker_moderator_or_guest(ctx):
    source = _marrakech_with_programme()
    opening = db.session.scalars(
        sa.select(Session).where(Session.edition_id == source.id, Session.title == "Opening")
    ).one()
    ada = db.session.scalars(
        sa.select(Registration).where(Registration.edition_id == source.id)
    ).first()
    db.session.add_all(
        [
            SessionPerson(session=opening, role=PersonRole.MODERATOR, registration=ada),
            SessionPerson(
                session=opening,
                role=PersonRole.KEYNOTE,
                position=1,
                guest_name="A guest",
                guest_title="Minister",
            ),
        ]
    )
    db.session.flush()
    people_before = count_rows(SessionPerson)
    new = _clone_to_quito(source).edition
    copied = db.session.scalars(
        sa.select(Session).where(Session.edition_id == new.id, Session.title == "Opening")
    ).one()
    assert copied.people == []
    assert count_rows(SessionPerson) == people_before == 2
    in_new = sa.select(Session.id).where(Session.edition_id == new.id)
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(SessionPerson)
        .where(SessionPerson.session_id.in_(in_new))
    ) == 0  # fmt: skip
