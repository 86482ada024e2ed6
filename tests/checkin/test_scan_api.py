"""The check-in API: every status, nonce replays, tokens, garbage in, and one admission per door."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.agenda.models import SessionSignup
from forum.badges.services import issue_badge, qr_text
from forum.checkin.models import CheckIn, ScanStatus
from forum.extensions import db
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import count_rows


def scan(
    client,
    desk,
    code: str,
    checkpoint: object = "entrance",
    *,
    nonce: str | None = None,
    token: str | None = None,
    **extra: object,
):
    body = {"code": code, "checkpoint": checkpoint, "nonce": nonce or str(uuid.uuid4()), **extra}
    return client.post(
        "/api/v1/checkins", json=body, headers={"Authorization": f"Bearer {token or desk['token']}"}
    )


def test_first_scan_admits_and_names_the_delegate(client, desk, ctx):
    response = scan(client, desk, desk["codes"]["approved"])
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["status"] == "ok"
    assert answer["delegate"] == {
        "name": "Test mayor",
        "city": "Montréal",
        "country": "CA",
        "country_name": "Canada",
        "category": "mayor",
    }
    row = db.session.scalars(sa.select(CheckIn)).one()
    assert (row.status, row.checkpoint, row.device) == (ScanStatus.OK, "entrance", "Gate A")


def test_second_scan_says_already_with_the_first_time(client, desk, ctx):
    first = scan(client, desk, desk["codes"]["approved"]).get_json()
    second = scan(client, desk, desk["codes"]["approved"]).get_json()
    assert second["status"] == "already_checked_in"
    assert second["first_checked_in_at"] == first["scanned_at"]
    assert second["delegate"]["name"] == "Test mayor"


@pytest.mark.parametrize(
    ("which", "status"),
    [("pending", "not_approved"), ("revoked", "revoked")],
)
def test_refusals(client, desk, which, status, ctx):
    answer = scan(client, desk, desk["codes"][which]).get_json()
    assert answer["status"] == status
    assert "delegate" not in answer


def test_wrong_edition_and_unknown_codes(client, desk, ctx):
    code = desk["codes"]["approved"]
    assert (
        scan(client, desk, code.replace("MAYORS5:", "MAYORS4:")).get_json()["status"]
        == "wrong_edition"
    )
    assert scan(client, desk, "MAYORS5:" + "A" * 27).get_json()["status"] == "unknown"


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        " ",
        "x" * 10_240,
        "\x00\x01\x02\xff binary",
        "https://other-system.example/ticket/123",
        "WIFI:S:venue;T:WPA;P:secret;;",
        "MAYORS5:' OR 1=1 --",
        "'; DROP TABLE badges; --",
        "MAYORS5:",
        "😀" * 50,
    ],
)
def test_garbage_is_unknown_never_a_500(client, desk, garbage, ctx):
    response = scan(client, desk, garbage)
    assert response.status_code == 200
    assert response.get_json()["status"] == "unknown"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"code": 42, "nonce": str(uuid.uuid4())}, "invalid_code"),
        ({"code": "x", "nonce": "not-a-uuid"}, "invalid_nonce"),
        ({"code": "x"}, "invalid_nonce"),
        ({"code": "x", "nonce": str(uuid.uuid4()), "checkpoint": "kitchen"}, "invalid_checkpoint"),
        ({"code": "x", "nonce": str(uuid.uuid4()), "checkpoint": [1]}, "invalid_checkpoint"),
        (
            {"code": "x", "nonce": str(uuid.uuid4()), "scanned_at": "yesterday"},
            "invalid_scanned_at",
        ),
        (
            {"code": "x", "nonce": str(uuid.uuid4()), "scanned_at": "2018-12-08T09:00:00"},
            "invalid_scanned_at",
        ),
    ],
)
def test_malformed_requests_are_json_errors(client, desk, body, code, ctx):
    response = client.post(
        "/api/v1/checkins", json=body, headers={"Authorization": f"Bearer {desk['token']}"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == code
    assert count_rows(CheckIn) == 0


def test_a_checkpoint_that_names_no_session_is_not_found(client, desk, ctx):
    body = {"code": "x", "nonce": str(uuid.uuid4()), "checkpoint": 999999}
    response = client.post(
        "/api/v1/checkins", json=body, headers={"Authorization": f"Bearer {desk['token']}"}
    )
    assert (response.status_code, response.get_json()["error"]["code"]) == (
        404,
        "unknown_checkpoint",
    )
    assert count_rows(CheckIn) == 0


def test_not_json_at_all(client, desk):
    response = client.post(
        "/api/v1/checkins",
        data=b"\x89PNG\r\n",
        headers={
            "Authorization": f"Bearer {desk['token']}",
            "Content-Type": "application/octet-stream",
        },
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_nonce_replay_returns_the_first_answer_and_writes_nothing(client, desk, ctx):
    nonce = str(uuid.uuid4())
    first = scan(client, desk, desk["codes"]["approved"], nonce=nonce).get_json()
    again = scan(client, desk, desk["codes"]["approved"], nonce=nonce).get_json()
    other = scan(client, desk, desk["codes"]["pending"], nonce=nonce).get_json()
    assert first["status"] == "ok"
    assert again == first
    assert other == first
    assert count_rows(CheckIn) == 1


def test_offline_scan_keeps_its_real_time(client, desk, ctx):
    earlier = (datetime.now(UTC) - timedelta(minutes=40)).replace(microsecond=0)
    answer = scan(
        client, desk, desk["codes"]["approved"], scanned_at=earlier.isoformat()
    ).get_json()
    assert answer["status"] == "ok"
    row = db.session.scalars(sa.select(CheckIn)).one()
    assert row.scanned_at == earlier
    assert row.recorded_at > earlier + timedelta(minutes=39)


def test_session_doors(client, desk, ctx):
    mayor = desk["codes"]["approved"]
    assert scan(client, desk, mayor, desk["workshop"]).get_json()["status"] == "ok"
    assert (
        scan(client, desk, mayor, f"session:{desk['workshop']}").get_json()["status"]
        == "already_checked_in"
    )
    # the entrance is a checkpoint of its own
    assert scan(client, desk, mayor).get_json()["status"] == "ok"


def test_session_door_refuses_those_not_signed_up_and_a_full_room(app, client, desk, ctx):
    from forum.registration.models import Registration

    edition = db.session.get(Registration, desk["approved_id"]).edition
    other = factories.registration(edition, "other@example.org", S.APPROVED)
    other_code = qr_text(issue_badge(other, now=datetime.now(UTC)))
    db.session.commit()
    assert scan(client, desk, other_code, desk["workshop"]).get_json()["status"] == "not_signed_up"
    assert (
        scan(client, desk, desk["codes"]["approved"], desk["workshop"]).get_json()["status"] == "ok"
    )
    db.session.add(SessionSignup(registration_id=other.id, session_id=desk["workshop"]))
    db.session.commit()
    assert scan(client, desk, other_code, desk["workshop"]).get_json()["status"] == "room_full"
    # a session without counted places lets any approved delegate in
    assert scan(client, desk, other_code, desk["plenary"]).get_json()["status"] == "ok"


REFUSED_TOKEN = 'Bearer error="invalid_token"'


@pytest.mark.parametrize(
    ("headers", "status", "code", "challenge"),
    [
        ({}, 401, "authentication_required", "Bearer"),
        ({"Authorization": "Bearer fst_forged"}, 401, "invalid_token", REFUSED_TOKEN),
        ({"Authorization": "Basic abc"}, 401, "invalid_token", REFUSED_TOKEN),
    ],
)
def test_tokens(client, desk, headers, status, code, challenge):
    response = client.post(
        "/api/v1/checkins", json={"code": "x", "nonce": str(uuid.uuid4())}, headers=headers
    )
    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert response.headers["WWW-Authenticate"] == challenge


def test_a_token_below_staff_is_forbidden(client, desk):
    response = scan(client, desk, desk["codes"]["approved"], token=desk["delegate_token"])
    assert response.status_code == 403


def test_signed_in_staff_need_the_csrf_header(app, client, desk):
    from tests.conftest import Auth, csrf_token

    with app.app_context():
        factories.staff()
        db.session.commit()
    Auth(client).login(*factories.STAFF)
    body = {"code": desk["codes"]["approved"], "nonce": str(uuid.uuid4())}
    refused = client.post("/api/v1/checkins", json=body)
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "csrf_failed"
    token = csrf_token(client.get("/login").get_data(as_text=True))
    accepted = client.post("/api/v1/checkins", json=body, headers={"X-CSRFToken": token})
    assert accepted.get_json()["status"] == "ok"


@pytest.mark.parametrize("checkpoint", ["entrance", "plenary"])
def test_two_doors_scanning_one_badge_at_once_admit_it_once(app: Flask, desk, checkpoint):
    barrier = threading.Barrier(12)
    answers: list[str] = []
    at = "entrance" if checkpoint == "entrance" else desk[checkpoint]

    def door() -> None:
        client = app.test_client()
        barrier.wait()
        answers.append(scan(client, desk, desk["codes"]["approved"], at).get_json()["status"])

    threads = [threading.Thread(target=door) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answers) == ["already_checked_in"] * 11 + ["ok"]
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(CheckIn)
                .where(CheckIn.status == ScanStatus.OK)
            )
            == 1
        )


def test_roster_carries_hashes_not_codes(client, desk):
    response = client.get("/api/v1/roster", headers={"Authorization": f"Bearer {desk['token']}"})
    roster = response.get_json()
    assert roster["checkpoint"] == "entrance"
    states = sorted(entry["state"] for entry in roster["entries"])
    assert states == ["approved", "approved", "not_approved", "revoked"]
    text = response.get_data(as_text=True)
    for code in desk["codes"].values():
        assert code.split(":")[1] not in text


def test_search_by_name_finds_approved_delegates_with_their_code(client, desk):
    found = client.get(
        "/api/v1/delegates?q=MAYOR", headers={"Authorization": f"Bearer {desk['token']}"}
    ).get_json()
    assert [(d["name"], d["code"]) for d in found["delegates"]] == [
        ("Test mayor", desk["codes"]["approved"])
    ]
    assert (
        client.get(
            "/api/v1/delegates?q=p", headers={"Authorization": f"Bearer {desk['token']}"}
        ).status_code
        == 400
    )


def test_the_database_itself_refuses_a_second_admission(ctx, desk):
    from sqlalchemy.exc import IntegrityError

    from forum.badges.models import Badge

    badge = db.session.scalars(sa.select(Badge).where(Badge.revoked_at.is_(None))).first()
    now = datetime.now(UTC)
    row = {
        "edition_id": badge.registration.edition_id,
        "badge_id": badge.id,
        "checkpoint": "entrance",
        "scanned_at": now,
    }
    db.session.add(CheckIn(status=ScanStatus.OK, nonce=str(uuid.uuid4()), **row))
    db.session.add(CheckIn(status=ScanStatus.ALREADY_CHECKED_IN, nonce=str(uuid.uuid4()), **row))
    db.session.flush()
    db.session.add(CheckIn(status=ScanStatus.OK, nonce=str(uuid.uuid4()), **row))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_search_ignores_accents_and_case(app, client, desk):
    from forum.registration.models import Registration

    with app.app_context():
        mayor = db.session.get(Registration, desk["approved_id"])
        mayor.given_name, mayor.family_name = "Valérie", "Plante"
        db.session.commit()
    found = client.get(
        "/api/v1/delegates?q=VALERIE pla", headers={"Authorization": f"Bearer {desk['token']}"}
    ).get_json()
    assert [d["name"] for d in found["delegates"]] == ["Valérie Plante"]
