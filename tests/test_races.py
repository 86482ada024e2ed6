"""Crowds and races on the day (issue 8, items 7 to 11): real threads against the real
database, each going through the app as browsers and scanners would."""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask

from forum.audit.models import AuditEvent
from forum.auth.models import Role, User
from forum.auth.tokens import create_token
from forum.badges.models import Badge
from forum.badges.services import issue_badge, qr_text
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.decisions import decide
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from forum.registration.services import withdraw
from tests import factories
from tests.agenda import helpers
from tests.conftest import Auth, csrf_token
from tests.locks import badge_held, locked_by_a_service
from tests.test_registration_public import VALID


def run_at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """Run ``work(i)`` for i < count in threads released together; their results in order."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def one(index: int) -> None:
        barrier.wait()
        results[index] = work(index)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def _scan(app: Flask, token: str, code: str, checkpoint: object = "entrance"):
    body = {"code": code, "nonce": str(uuid.uuid4()), "checkpoint": checkpoint}
    return app.test_client().post(
        "/api/v1/checkins", json=body, headers={"Authorization": f"Bearer {token}"}
    )


def test_a_five_seat_room_admits_five_of_twenty_badges_scanned_at_once(app: Flask):
    with app.app_context():
        edition = factories.edition()
        room = helpers.room(edition)
        room.seats = 5
        # Three sessions in the room, so the race is run three times.
        sessions = [
            helpers.session(edition, f"Workshop {n}", f"1{n}:00", f"1{n}:45", room_id=room.id)
            for n in range(3)
        ]
        delegates = [factories.registration(edition, f"d{i}@x.org", S.APPROVED) for i in range(20)]
        codes = [qr_text(issue_badge(delegate, now=factories.NOW)) for delegate in delegates]
        token, _row = create_token("Door", Role.STAFF)
        db.session.commit()
        session_ids = [session.id for session in sessions]
    for session_id in session_ids:
        answers = run_at_once(20, lambda i, s=session_id: _scan(app, token, codes[i], s).get_json())
        assert Counter(a["status"] for a in answers) == {"ok": 5, "room_full": 15}


def test_a_withdrawal_racing_six_approvals_always_ends_withdrawn(app: Flask):
    for trial in range(8):
        with app.app_context():
            edition = factories.edition(number=100 + trial, is_current=trial == 0)
            organiser = factories.user(f"o{trial}@x.org", Role.ORGANISER, "organiser-password")
            registration = factories.registration(edition, f"w{trial}@x.org")
            db.session.commit()
            ids = (registration.id, organiser.id)

        def act(index: int, ids: tuple[int, int] = ids) -> None:
            with app.app_context():
                registration = db.session.get_one(Registration, ids[0])
                try:
                    if index == 0:
                        withdraw(registration, now=factories.NOW)
                    else:
                        actor = db.session.get_one(User, ids[1])
                        decide(registration, S.APPROVED, actor=actor, now=factories.NOW)
                    db.session.commit()
                except Exception:
                    db.session.rollback()
                finally:
                    db.session.remove()

        run_at_once(7, act)
        with app.app_context():
            registration = db.session.get_one(Registration, ids[0])
            actions = db.session.scalars(
                sa.select(AuditEvent.action)
                .where(
                    AuditEvent.target_id == registration.id,
                    AuditEvent.target_type == "Registration",
                )
                .order_by(AuditEvent.id)
            ).all()
            live = db.session.scalar(
                sa.select(sa.func.count()).select_from(Badge).where(
                    Badge.registration_id == registration.id, Badge.revoked_at.is_(None)
                )
            )  # fmt: skip
            assert registration.status is S.WITHDRAWN, actions
            assert actions.count("registration.approved") <= 1, actions
            assert (
                actions[actions.index("registration.withdrawn") + 1 :].count(
                    "registration.approved"
                )
                == 0
            )
            assert live == 0


def test_ten_parallel_approvals_send_one_email_and_write_one_audit_row(app: Flask):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        registration = factories.registration(edition, "ada@x.org")
        db.session.commit()
        registration_id = registration.id
    clients = []
    for _ in range(10):
        client = app.test_client()
        Auth(client).login(*factories.ORGANISER)
        clients.append(client)
    url = f"/admin/registrations/{registration_id}"
    tokens = [csrf_token(c.get(url).get_data(as_text=True)) for c in clients]
    run_at_once(
        10,
        lambda i: clients[i].post(
            f"{url}/decide", data={"csrf_token": tokens[i], "decision": "approved"}
        ),
    )
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        approvals = actions.count("registration.approved")
        mails = db.session.scalars(sa.select(OutboxEmail.template)).all()
        assert approvals == 1
        assert mails.count("approved") == 1


def test_six_parallel_registrations_of_one_new_address_make_one(app: Flask):
    with app.app_context():
        factories.edition()
        db.session.commit()
    clients = [app.test_client() for _ in range(6)]
    tokens = [csrf_token(c.get("/register").get_data(as_text=True)) for c in clients]
    data = {**VALID, "email": "new.person@example.org"}
    statuses = run_at_once(
        6,
        lambda i: clients[i].post("/register", data={**data, "csrf_token": tokens[i]}).status_code,
    )
    with app.app_context():
        mails = sorted(db.session.scalars(sa.select(OutboxEmail.template)).all())
        assert statuses == [302] * 6  # each to "check your e-mail"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
        assert mails == ["link_resent"] * 5 + ["received"]


def test_a_badge_held_locked_elsewhere_answers_busy_without_stalling_other_doors(app: Flask):
    with app.app_context():
        edition = factories.edition()
        held = issue_badge(
            factories.registration(edition, "held@x.org", S.APPROVED), now=factories.NOW
        )
        free = issue_badge(
            factories.registration(edition, "free@x.org", S.APPROVED), now=factories.NOW
        )
        token, _row = create_token("Door", Role.STAFF)
        db.session.commit()
        held_code, free_code, held_id = qr_text(held), qr_text(free), held.id
        engine, postgres = db.engine, db.engine.dialect.name == "postgresql"
    with badge_held(engine, held_id):
        started = time.monotonic()
        other = _scan(app, token, free_code)
        other_took = time.monotonic() - started
        started = time.monotonic()
        same = _scan(app, token, held_code)
        same_took = time.monotonic() - started
    assert same.status_code == 503 and same.get_json()["error"]["code"] == "busy"
    assert same.headers["Retry-After"] == "1"
    assert same_took < 5
    if postgres:  # a row lock: the other badge goes through at once
        assert (other.status_code, other.get_json()["status"], other_took < 1.5) == (
            200,
            "ok",
            True,
        )
    else:  # SQLite's lock is the whole database: the other door hears "busy" as quickly
        assert (other.status_code, other.get_json()["error"]["code"]) == (503, "busy")
        assert other_took < 5


def test_the_doors_scan_on_while_an_organiser_s_decision_holds_the_edition(app: Flask):
    with app.app_context():
        edition = factories.edition()
        badge = issue_badge(
            factories.registration(edition, "door@x.org", S.APPROVED), now=factories.NOW
        )
        token, _row = create_token("Door", Role.STAFF)
        db.session.commit()
        code, edition_id, postgres = (
            qr_text(badge),
            edition.id,
            db.engine.dialect.name == "postgresql",
        )
    with locked_by_a_service(app, Edition, edition_id):  # as every status change locks it
        started = time.monotonic()
        answer = _scan(app, token, code)
        took = time.monotonic() - started
    if postgres:  # the decision's lock leaves the scan's foreign key free: no wait at all
        assert (answer.status_code, answer.get_json()["status"], took < 1) == (200, "ok", True)
    else:  # SQLite's lock is the whole database: the door hears "busy", quickly
        assert (answer.status_code, answer.get_json()["error"]["code"]) == (503, "busy")
        assert took < 5
