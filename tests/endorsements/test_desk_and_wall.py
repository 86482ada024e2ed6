"""The endorsement desk API, the public wall's JSON with ETags, the pages and the CSV."""

from __future__ import annotations

import csv
import io
import threading
import uuid
from datetime import UTC, datetime

import pytest
from werkzeug.security import generate_password_hash

from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.badges.services import issue_badge, qr_text
from forum.endorsements.models import DeskRequest, Endorsement, WindowOverride
from forum.extensions import db
from forum.registration.models import Category
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.checkin.test_fast_path import statements
from tests.conftest import Auth, count_rows, csrf_token
from tests.endorsements import helpers


@pytest.fixture
def desk(app):
    with app.app_context():
        edition = factories.edition()
        declaration = helpers.declaration(edition)
        now = datetime.now(UTC)
        mayor = factories.registration(
            edition, "plante@example.org", S.APPROVED, city=("Montréal", "CA")
        )
        deputy = factories.registration(
            edition,
            "deputy@example.org",
            S.APPROVED,
            category=Category.DEPUTY_MAYOR,
            city=("Montréal", "CA"),
        )
        lost = factories.registration(edition, "lost@example.org", S.APPROVED, city=("Dakar", "SN"))
        old = qr_text(issue_badge(lost, now=now))
        issue_badge(lost, now=now)
        codes = {
            "mayor": qr_text(issue_badge(mayor, now=now)),
            "deputy": qr_text(issue_badge(deputy, now=now)),
            "revoked": old,
        }
        token, _row = create_token("Desk", Role.STAFF)
        db.session.commit()
        return {"declaration": declaration.id, "deputy": deputy.id, "token": token, "codes": codes}


def post(client, desk, path: str, **body: object):
    return client.post(
        f"/api/v1/endorsements{path}",
        json=body,
        headers={"Authorization": f"Bearer {desk['token']}"},
    )


def test_the_desk_s_scan_sets_no_lock_wait_it_does_not_need(app, client, desk):
    post(client, desk, "/preview", code=desk["codes"]["deputy"])  # the device is noted as seen
    with statements(app) as sent:
        answer = post(client, desk, "/preview", code=desk["codes"]["mayor"]).get_json()
        post(client, desk, "", code=desk["codes"]["mayor"], nonce=str(uuid.uuid4()))
    waits = [statement for statement in sent if statement == "SET"]  # SET LOCAL lock_timeout
    assert answer["status"] == "eligible"
    # On PostgreSQL the signing bounds its lock waits (it locks the city); the scan takes no
    # lock and spares the round trip. On SQLite neither sends one: the wait is the driver's.
    postgres = app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")
    assert len(waits) == (1 if postgres else 0)


def test_desk_preview_then_endorse(client, desk, ctx):
    preview = post(client, desk, "/preview", code=desk["codes"]["mayor"]).get_json()
    assert preview["status"] == "eligible"
    assert preview["delegate"]["city"] == "Montréal"
    assert count_rows(Endorsement) == 0
    answer = post(client, desk, "", code=desk["codes"]["mayor"], nonce=str(uuid.uuid4())).get_json()
    assert answer["status"] == "ok"
    endorsement = db.session.query(Endorsement).one()
    assert (endorsement.method.value, endorsement.signatory_name) == ("on_site", "Test plante")


def test_second_delegate_of_an_endorsed_city_hears_who_signed(client, desk, ctx):
    from forum.endorsements.services import authorise
    from forum.registration.models import Registration

    deputy = db.session.get(Registration, desk["deputy"])
    authorise(_decl(desk), deputy, actor=factories.organiser(), now=datetime.now(UTC))
    db.session.commit()
    post(client, desk, "", code=desk["codes"]["mayor"], nonce=str(uuid.uuid4()))
    answer = post(
        client, desk, "", code=desk["codes"]["deputy"], nonce=str(uuid.uuid4())
    ).get_json()
    assert answer["status"] == "already_endorsed"
    assert answer["endorsed_by"] == "Test plante"
    assert answer["endorsed_at"]


def _decl(desk):
    from forum.endorsements.models import Declaration

    return db.session.get(Declaration, desk["declaration"])


@pytest.mark.parametrize(
    ("which", "status"),
    [("deputy", "not_eligible"), ("revoked", "revoked"), ("garbage", "unknown")],
)
def test_desk_refusals(client, desk, which, status, ctx):
    code = desk["codes"].get(which, "MAYORS5:" + "x" * 30)
    assert post(client, desk, "/preview", code=code).get_json()["status"] == status
    assert post(client, desk, "", code=code, nonce=str(uuid.uuid4())).get_json()["status"] == status
    assert count_rows(Endorsement) == 0


def test_desk_window_closed(client, desk, ctx):
    _decl(desk).override = WindowOverride.CLOSED
    db.session.commit()
    assert (
        post(client, desk, "", code=desk["codes"]["mayor"], nonce=str(uuid.uuid4())).get_json()[
            "status"
        ]
        == "window_closed"
    )


def test_desk_nonce_replay_returns_the_first_answer(client, desk, ctx):
    nonce = str(uuid.uuid4())
    first = post(client, desk, "", code=desk["codes"]["mayor"], nonce=nonce).get_json()
    again = post(client, desk, "", code=desk["codes"]["deputy"], nonce=nonce).get_json()
    assert again == first
    assert count_rows(Endorsement) == 1


def test_one_nonce_sent_by_eight_desks_at_once_endorses_once(app, desk):
    nonce, barrier, answers = str(uuid.uuid4()), threading.Barrier(8), []

    def retrying_desk() -> None:
        client = app.test_client()
        barrier.wait()
        answers.append(post(client, desk, "", code=desk["codes"]["mayor"], nonce=nonce).get_json())

    threads = [threading.Thread(target=retrying_desk) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [answer["status"] for answer in answers] == ["ok"] * 8
    assert all(answer == answers[0] for answer in answers)
    with app.app_context():
        assert (count_rows(Endorsement), count_rows(DeskRequest)) == (1, 1)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"code": 1, "nonce": str(uuid.uuid4())}, "invalid_code"),
        ({"code": "x", "nonce": "n"}, "invalid_nonce"),
    ],
)
def test_desk_malformed(client, desk, body, code):
    response = client.post(
        "/api/v1/endorsements", json=body, headers={"Authorization": f"Bearer {desk['token']}"}
    )
    assert (response.status_code, response.get_json()["error"]["code"]) == (400, code)


def test_desk_needs_staff(client, desk):
    response = client.post("/api/v1/endorsements", json={"code": "x", "nonce": str(uuid.uuid4())})
    assert response.status_code == 401


def test_wall_json_answers_304_until_an_endorsement_arrives(client, desk):
    url = f"/api/v1/declarations/{desk['declaration']}/endorsements"
    first = client.get(url)
    assert first.get_json() == {"declaration": desk["declaration"], "count": 0, "endorsements": []}
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    post(client, desk, "", code=desk["codes"]["mayor"], nonce=str(uuid.uuid4()))
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    data = changed.get_json()
    assert data["count"] == 1
    assert [
        (e["city"], e["flag"], e["region_name"], e["method"]) for e in data["endorsements"]
    ] == [("Montréal", "/static/vendor/flag-icons/flags/4x3/ca.svg", "Americas", "on_site")]


def test_public_page_counts_and_lists(client, desk):
    post(client, desk, "", code=desk["codes"]["mayor"], nonce=str(uuid.uuid4()))
    page = client.get("/declaration/").get_data(as_text=True)
    assert "1 local or regional government to date" in page
    assert "Montréal" in page
    assert "Sign in with a link" in page
    french = client.get("/declaration/?text=fr").get_data(as_text=True)
    assert "Nous nous engageons." in french


def test_online_endorsement_by_a_signed_in_mayor(app, client, desk, ctx):
    from forum.auth.models import User

    user = db.session.query(User).filter_by(email="plante@example.org").one()
    user.password_hash = generate_password_hash("a-long-password-9")
    db.session.commit()
    Auth(client).login("plante@example.org", "a-long-password-9")
    page = client.get("/declaration/").get_data(as_text=True)
    assert "You endorse for Montréal (Canada)." in page  # the country named, not coded
    token = csrf_token(page)
    refused = client.post(
        "/declaration/endorse",
        data={"csrf_token": token, "name": "Valérie Plante", "title": "Mayor"},
        follow_redirects=True,
    )
    assert "tick the box" in refused.get_data(as_text=True)
    done = client.post(
        "/declaration/endorse",
        data={"csrf_token": token, "name": "Valérie Plante", "title": "Mairesse", "confirm": "y"},
        follow_redirects=True,
    )
    assert "Montréal has endorsed the declaration" in done.get_data(as_text=True)
    db.session.expire_all()
    endorsement = db.session.query(Endorsement).one()
    assert (endorsement.signatory_name, endorsement.signatory_title, endorsement.method.value) == (
        "Valérie Plante",
        "Mairesse",
        "online",
    )
    from forum.mail.models import OutboxEmail

    assert [m.template for m in db.session.query(OutboxEmail)] == ["endorsed"]


def test_organiser_exports_and_withdraws(app, client, desk, ctx):
    factories.organiser()
    db.session.commit()
    post(client, desk, "", code=desk["codes"]["mayor"], nonce=str(uuid.uuid4()))
    Auth(client).login(*factories.ORGANISER)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/admin/declaration/signatories.csv").data.decode("utf-8-sig"))
        )
    )
    assert [(r["city"], r["country"], r["name"], r["method"]) for r in rows] == [
        ("Montréal", "Canada", "Test plante", "on-site")
    ]
    page = client.get("/admin/declaration/").get_data(as_text=True)
    endorsement = db.session.query(Endorsement).one()
    url = f"/admin/declaration/endorsements/{endorsement.id}/withdraw"
    client.post(url, data={"csrf_token": csrf_token(page), "reason": ""})
    db.session.expire_all()
    assert db.session.get(Endorsement, endorsement.id).withdrawn_at is None
    client.post(url, data={"csrf_token": csrf_token(page), "reason": "Duplicate"})
    db.session.expire_all()
    assert db.session.get(Endorsement, endorsement.id).withdrawal_reason == "Duplicate"
    assert (
        client.get(f"/api/v1/declarations/{desk['declaration']}/endorsements").get_json()["count"]
        == 0
    )
