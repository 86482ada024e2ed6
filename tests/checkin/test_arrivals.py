"""The arrivals board: counts, quarter hours in local time, and the mayors still awaited."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from forum.badges.services import issue_badge
from forum.checkin.models import CheckIn, ScanStatus
from forum.extensions import db
from forum.registration.models import Category
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth


def admit(
    registration, at: datetime, checkpoint: str = "entrance", status: ScanStatus = ScanStatus.OK
) -> None:
    badge = issue_badge(registration, now=at)
    db.session.add(
        CheckIn(
            edition_id=registration.edition_id,
            badge_id=badge.id,
            checkpoint=checkpoint,
            status=status,
            nonce=str(uuid.uuid4()),
            scanned_at=at,
            response={},
        )
    )


@pytest.fixture
def board(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        plante = factories.registration(
            edition, "plante@example.org", S.APPROVED, city=("Montréal", "CA")
        )
        colau = factories.registration(
            edition, "colau@example.org", S.APPROVED, city=("Barcelona", "ES")
        )
        factories.registration(edition, "aki@example.org", S.APPROVED, city=("Freetown", "SL"))
        factories.registration(
            edition,
            "un@example.org",
            S.APPROVED,
            category=Category.UN_AGENCY,
            city=("Geneva", "CH"),
        )
        factories.registration(edition, "late@example.org", S.PENDING)
        # 08:05 and 08:40 in Casablanca (UTC+1): two quarter hours apart, one empty between
        admit(plante, datetime(2018, 12, 8, 7, 5, tzinfo=UTC))
        admit(colau, datetime(2018, 12, 8, 7, 40, tzinfo=UTC))
        admit(colau, datetime(2018, 12, 8, 9, 0, tzinfo=UTC), checkpoint="session:1")
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)


def test_board_counts_only_entrance_admissions(client, board):
    data = client.get("/admin/arrivals/data.json").get_json()
    assert (data["arrived"], data["approved"]) == (2, 4)
    assert data["by_category"] == [
        {"label": "Mayor", "approved": 3, "arrived": 2},
        {"label": "UN agency", "approved": 1, "arrived": 0},
    ]
    assert {row["label"]: row["arrived"] for row in data["by_country"]} == {
        "Canada": 1,
        "Spain": 1,
        "Sierra Leone": 0,
        "Switzerland": 0,
    }
    assert data["per_quarter_hour"] == [
        {"from": "08:00", "count": 1},
        {"from": "08:15", "count": 0},
        {"from": "08:30", "count": 1},
    ]
    assert data["mayors_awaited"] == ["Test aki (Freetown)"]


def test_board_page_renders_the_same_figures_and_refreshes_by_script(client, board):
    page = client.get("/admin/arrivals/").get_data(as_text=True)
    assert '<strong data-field="arrived">2</strong>' in page
    assert "Test aki (Freetown)" in page
    assert "/static/js/arrivals.js" in page
    assert page.count('class="bar"') == 3
