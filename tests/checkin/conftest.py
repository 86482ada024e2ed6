"""The check-in tests' shared desk: an edition with delegates in every state and a token."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask

from forum.agenda.models import SessionSignup
from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.badges.services import issue_badge, qr_text
from forum.extensions import db
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers


@pytest.fixture
def desk(app: Flask) -> dict[str, object]:
    """An edition with delegates in every state and a staff token."""
    with app.app_context():
        edition = factories.edition()
        now = datetime.now(UTC)
        approved = factories.registration(
            edition, "mayor@example.org", S.APPROVED, city=("Montréal", "CA")
        )
        pending = factories.registration(edition, "pending@example.org", S.PENDING)
        reissued = factories.registration(edition, "lost@example.org", S.APPROVED)
        old_badge = issue_badge(reissued, now=now)
        old_code = qr_text(old_badge)
        issue_badge(reissued, now=now)
        codes = {
            "approved": qr_text(issue_badge(approved, now=now)),
            "pending": qr_text(issue_badge(pending, now=now)),
            "revoked": old_code,
        }
        room = helpers.room(edition)
        room.seats = 1
        workshop = helpers.session(edition, "Workshop", capacity=10, room_id=room.id)
        plenary = helpers.session(edition, "Plenary", "11:00", "12:00")
        db.session.add(SessionSignup(registration=approved, session=workshop))
        token, _row = create_token("Gate A", Role.STAFF)
        delegate_token, _row = create_token("Nobody", Role.DELEGATE)
        db.session.commit()
        return {
            "codes": codes,
            "token": token,
            "delegate_token": delegate_token,
            "workshop": workshop.id,
            "plenary": plenary.id,
            "approved_id": approved.id,
        }
