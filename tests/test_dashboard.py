"""The organisers' dashboard gathers one figure or two from every area."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from forum.agenda.models import SessionSource
from forum.badges.services import issue_badge
from forum.checkin.models import CheckIn, ScanStatus
from forum.endorsements.models import Endorsement, EndorsementMethod
from forum.extensions import db
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers as agenda
from tests.conftest import Auth
from tests.endorsements import helpers as endorsements


def test_dashboard_figures(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        agenda.session(edition, "Opening plenary", "09:00", "10:00")
        agenda.session(
            edition,
            "GFMD side event",
            "09:30",
            "10:30",
            source=SessionSource.GFMD,
            external_uid="g",
        )
        mayor = factories.registration(edition, "m@example.org", S.APPROVED)
        factories.registration(edition, "n@example.org", S.APPROVED)
        badge = issue_badge(mayor, now=datetime.now(UTC))
        badge.printed_at = datetime.now(UTC)
        db.session.add(
            CheckIn(
                edition_id=edition.id,
                badge_id=badge.id,
                checkpoint="entrance",
                status=ScanStatus.OK,
                nonce=str(uuid.uuid4()),
                scanned_at=datetime.now(UTC),
                response={},
            )
        )
        declaration = endorsements.declaration(edition)
        db.session.add(
            Endorsement(
                declaration=declaration,
                city_id=mayor.city_id,
                registration=mayor,
                signatory_name="M",
                signatory_title="Mayor",
                method=EndorsementMethod.ONLINE,
                endorsed_at=datetime.now(UTC),
            )
        )
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/admin/").get_data(as_text=True)
    for text in [
        "1 forum session",
        "1 summit item",
        "1 clash with the summit",
        "The summit agenda was never synced.",
        "1 of 1 printed",
        "1 of 2 approved delegates arrived",
        "1 local or regional government to date",
        "Endorsements are open.",
    ]:
        assert text in page, text
