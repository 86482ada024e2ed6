"""Once the next edition is current, the doors refuse last year's badges."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from forum.editions.models import Edition
from forum.extensions import db
from forum.seasons.cloning import clone_edition, clone_settings
from forum.seasons.services import switch_current
from tests import factories
from tests.checkin.conftest import desk
from tests.checkin.test_scan_api import scan

__all__ = ["desk"]


def test_a_2018_badge_is_refused_once_2020_is_current(app, client, desk, ctx):
    code = desk["codes"]["approved"]
    assert scan(client, desk, code).get_json()["status"] == "ok"
    source = db.session.scalars(sa.select(Edition).where(Edition.number == 5)).one()
    settings = clone_settings(
        source, number=6, city="Quito", country_code="EC", timezone="America/Guayaquil",
        starts_on=date(2020, 1, 22),
    )  # fmt: skip
    quito = clone_edition(source.id, settings, actor=None, now=factories.NOW).edition
    switch_current(quito.id, actor=None)
    db.session.commit()
    assert scan(client, desk, code).get_json()["status"] == "wrong_edition"
