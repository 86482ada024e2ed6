"""Schemathesis against our own OpenAPI document: no server error, every answer as documented.

Bounded in examples and time so the suite stays quick; run anonymously and with a staff token.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from forum import create_app
from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.extensions import db
from tests import factories
from tests.agenda import helpers as agenda_helpers
from tests.commitments import helpers as commitment_helpers
from tests.endorsements import helpers as endorsement_helpers


def _served_document() -> dict[str, object]:
    """The document as the app serves it (built by an app of its own: it needs no data)."""
    documenting = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    return documenting.test_client().get("/api/v1/openapi.json").get_json()


@pytest.fixture
def staff_token(app) -> str:
    """An edition with a programme and a declaration, and a staff device's token."""
    with app.app_context():
        edition = factories.edition()
        theme = agenda_helpers.theme(edition)
        agenda_helpers.session(edition, "Opening", "09:00", "10:00", theme_id=theme.id)
        endorsement_helpers.declaration(edition)
        commitment_helpers.entry(edition, published=True)
        token, _row = create_token("Fuzz gate", Role.STAFF)
        db.session.commit()
    return token


schema = schemathesis.openapi.from_dict(_served_document())


# A scan's scanned_at must lie within the last seven days: a rule about the clock, which a
# JSON Schema cannot state, so a schema-valid scan from the year 2000 is rightly refused.
CLOCK_RULES = {("POST", "/api/v1/checkins")}


def _call_and_validate(app, case, **kwargs):
    """Send the case to the test app in process (the checks' own extra requests too)."""
    case.operation.schema.app = app
    excluded = []
    if (case.operation.method.upper(), case.operation.path) in CLOCK_RULES:
        excluded.append(positive_data_acceptance)
    case.call_and_validate(app=app, excluded_checks=excluded, **kwargs)


FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@FUZZ
def test_anonymous_callers_never_see_a_server_error(app, case, staff_token):
    _call_and_validate(app, case)


@schema.parametrize()
@FUZZ
def test_a_staff_device_never_sees_a_server_error(app, case, staff_token):
    _call_and_validate(app, case, headers={"Authorization": f"Bearer {staff_token}"})
