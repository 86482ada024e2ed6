"""The doors' common case in one statement, and the device tokens each process remembers."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.dialects.postgresql import psycopg

from forum.agenda.models import SessionSource
from forum.auth.models import ApiToken, Role
from forum.auth.tokens import create_token, revoke_token
from forum.badges.services import issue_badge, qr_text
from forum.checkin.fast import _driver_sql, _inline, fast_check_in
from forum.checkin.models import CheckIn, ScanStatus
from forum.checkin.services import Scan, check_in
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers
from tests.checkin.test_scan_api import scan

MINUTE = timedelta(minutes=1)


@contextmanager
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL the block sends on any engine (the doors' own pool included), BEGIN and
    COMMIT left out."""
    sent: list[str] = []

    def note(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.split()[0].upper() not in {"BEGIN", "COMMIT", "PRAGMA"}:
            sent.append(statement.split()[0].upper())

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", note)


def test_an_entrance_scan_of_a_known_badge_is_one_insert(app, client, desk):
    scan(client, desk, desk["codes"]["pending"])  # the token is now known to this process
    with statements(app) as sent:
        first = scan(client, desk, desk["codes"]["approved"])
        again = scan(client, desk, desk["codes"]["approved"])
    assert (first.get_json()["status"], again.get_json()["status"]) == ("ok", "already_checked_in")
    assert sent == ["INSERT"] * 2
    assert again.get_json()["first_checked_in_at"] == first.get_json()["scanned_at"]


def newcomer(desk) -> str:
    """The QR text of an approved delegate who picked no session."""
    edition = db.session.get(Registration, desk["approved_id"]).edition
    other = factories.registration(edition, "newcomer@example.org", S.APPROVED)
    text = qr_text(issue_badge(other, now=datetime.now(UTC)))
    db.session.commit()
    return text


def admitted_then(desk, which: str, checkpoint: str, now: datetime) -> str:
    """The approved delegate's QR text once admitted at the door a minute ago, and then
    (as ``which`` says) their badge reissued or their registration withdrawn."""
    text = desk["codes"]["approved"]
    check_in(current_edition_or_404(), Scan(text, checkpoint, "n-0"), now=now - MINUTE)
    registration = db.session.get(Registration, desk["approved_id"])
    if which.endswith("reissued"):
        issue_badge(registration, now=now)
    elif which.endswith("withdrawn"):
        registration.status = S.WITHDRAWN
    db.session.commit()
    return text


@pytest.mark.parametrize(
    ("which", "door", "status"),
    [
        ("approved", "entrance", "ok"),
        ("admitted", "entrance", "already_checked_in"),
        ("admitted", "plenary", "already_checked_in"),
        ("admitted, then reissued", "entrance", "revoked"),
        ("admitted, then reissued", "plenary", "revoked"),
        ("admitted, then withdrawn", "entrance", "not_approved"),
        ("admitted, then withdrawn", "plenary", "not_approved"),
        ("pending", "entrance", "not_approved"),
        ("revoked", "entrance", "revoked"),
        ("approved", "plenary", "ok"),
        ("pending", "plenary", "not_approved"),
        ("newcomer", "workshop", "not_signed_up"),
    ],
)
def test_the_short_path_answers_as_the_full_path_does(app, desk, which, door, status):
    now = datetime.now(UTC)
    with app.app_context():
        text = newcomer(desk) if which == "newcomer" else desk["codes"].get(which)
        checkpoint = "entrance" if door == "entrance" else str(desk[door])
        if which.startswith("admitted"):
            text = admitted_then(desk, which, checkpoint, now)
        # The full path first, rolled back: on PostgreSQL the short path commits as it goes.
        full = check_in(current_edition_or_404(), Scan(text, checkpoint, "n-1"), now=now)
        db.session.rollback()
        short = fast_check_in(Scan(text, checkpoint, "n-2"), now=now)
        db.session.rollback()
    assert short is not None and ScanStatus(short.status).value == status
    assert short.model_dump() == full.model_dump()


@pytest.mark.parametrize("door", ["entrance", "plenary"])
def test_a_scan_recorded_on_the_short_path_is_replayed_alike_by_the_full_one(app, desk, door):
    now = datetime.now(UTC)
    checkpoint = "entrance" if door == "entrance" else str(desk[door])
    with app.app_context():
        answers = [
            fast_check_in(Scan(desk["codes"]["approved"], checkpoint, nonce), now=now)
            for nonce in ("n-1", "n-2")
        ]
        db.session.commit()
        again = [
            check_in(current_edition_or_404(), Scan("whatever", checkpoint, nonce), now=now)
            for nonce in ("n-1", "n-2")
        ]
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn))
    assert [answer and answer.status for answer in answers] == ["ok", "already_checked_in"]
    assert [answer.model_dump() for answer in again] == [a and a.model_dump() for a in answers]
    assert again[0].delegate is not None and again[0].delegate.country_name == "Canada"
    assert again[1].first_checked_in_at == answers[0].scanned_at == now  # type: ignore[union-attr]
    assert rows == 2


def test_an_answer_gives_its_times_in_utc_whatever_offset_the_scanner_sent(client, desk):
    sent = datetime.now(UTC).astimezone(timezone(timedelta(hours=-5)))
    answer = scan(client, desk, desk["codes"]["approved"], scanned_at=sent.isoformat()).get_json()
    again = scan(client, desk, desk["codes"]["approved"]).get_json()
    assert answer["scanned_at"] == sent.astimezone(UTC).isoformat()
    assert again["first_checked_in_at"] == answer["scanned_at"]


@pytest.mark.parametrize("at_session", [False, True])
def test_on_postgresql_the_statement_binds_the_scan_and_nothing_else(monkeypatch, at_session):
    dialect = psycopg.dialect()
    assert "INSERT INTO check_ins" in _driver_sql.__wrapped__(dialect, at_session)
    extra = sa.insert(CheckIn.__table__).values(device=sa.bindparam("who_knows"))
    monkeypatch.setattr("forum.checkin.fast._scan_statement", lambda *_args: extra)
    with pytest.raises(RuntimeError, match="who_knows"):
        _driver_sql.__wrapped__(dialect, at_session)


def test_only_our_own_words_are_written_into_the_statement():
    with pytest.raises(ValueError, match="not a word"):
        _inline("ok' OR 'x")


def test_a_session_door_scan_of_a_known_badge_is_one_insert(app, client, desk):
    scan(client, desk, desk["codes"]["pending"])  # the token is now known to this process
    with statements(app) as sent:
        first = scan(client, desk, desk["codes"]["approved"], desk["plenary"])
        again = scan(client, desk, desk["codes"]["approved"], f"session:{desk['plenary']}")
    assert (first.get_json()["status"], again.get_json()["status"]) == ("ok", "already_checked_in")
    assert sent == ["INSERT"] * 2


def test_a_replayed_nonce_gets_the_first_answer_and_writes_nothing(app, client, desk):
    nonce = str(uuid.uuid4())
    first = scan(client, desk, desk["codes"]["approved"], nonce=nonce)
    with statements(app) as sent:
        replay = scan(client, desk, desk["codes"]["approved"], nonce=nonce)
    assert replay.get_json() == first.get_json()
    assert sent == ["INSERT", "SELECT"]  # the insert records nothing, the nonce is found
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 1


@pytest.mark.parametrize(
    "case", ["seats to count", "unknown session", "summit item", "unknown code"]
)
def test_other_scans_leave_the_short_path_to_the_full_one(app, desk, case):
    with app.app_context():
        edition = db.session.get(Registration, desk["approved_id"]).edition
        summit = helpers.session(edition, "GFMD opening", source=SessionSource.GFMD)
        db.session.commit()
        attempt = {
            # The workshop's room has one seat: only the full path counts them, under a lock.
            "seats to count": Scan(desk["codes"]["approved"], str(desk["workshop"]), "n1"),
            "unknown session": Scan(desk["codes"]["approved"], "987654", "n2"),
            "summit item": Scan(desk["codes"]["approved"], str(summit.id), "n4"),
            "unknown code": Scan("FORUM5:nothing-of-ours", "entrance", "n3"),
        }[case]
        assert fast_check_in(attempt, now=datetime.now(UTC)) is None
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


@pytest.mark.parametrize("door", ["entrance", "plenary"])
def test_a_replay_with_an_unbelievable_time_is_refused_as_the_full_path_does(client, desk, door):
    at = "entrance" if door == "entrance" else desk[door]
    nonce = str(uuid.uuid4())
    assert scan(client, desk, desk["codes"]["approved"], at, nonce=nonce).status_code == 200
    old = {"scanned_at": "2018-01-01T10:00:00Z"}
    again = scan(client, desk, desk["codes"]["approved"], at, nonce=nonce, **old)
    assert (again.status_code, again.get_json()["error"]["code"]) == (400, "invalid_scanned_at")


def test_a_badge_of_another_edition_is_refused_on_the_full_path(app, client):
    with app.app_context():
        past = factories.edition(number=4, year=2017, is_current=False)
        old = factories.registration(past, "old@x.org", S.APPROVED)
        text = qr_text(issue_badge(old, now=datetime.now(UTC)))
        factories.edition()
        token, _row = create_token("Gate", Role.STAFF)
        db.session.commit()
    answer = scan(client, {"token": token}, text)
    assert answer.get_json()["status"] == "wrong_edition"


def test_a_revoked_token_is_refused_at_once_in_this_process(client, desk, ctx):
    assert scan(client, desk, desk["codes"]["approved"]).status_code == 200
    revoke_token("Gate A")
    db.session.commit()
    assert scan(client, desk, desk["codes"]["pending"]).status_code == 401


def test_a_token_revoked_elsewhere_is_refused_once_the_cache_expires(app, client, desk):
    saved, app.config["API_TOKEN_CACHE_SECONDS"] = app.config["API_TOKEN_CACHE_SECONDS"], 0.3
    try:
        assert scan(client, desk, desk["codes"]["approved"]).status_code == 200
        with app.app_context(), db.engine.begin() as other_node:
            other_node.execute(sa.update(ApiToken).values(revoked_at=datetime.now(UTC)))
        still = scan(client, desk, desk["codes"]["pending"]).status_code
        time.sleep(0.4)
        later = scan(client, desk, desk["codes"]["pending"]).status_code
    finally:
        app.config["API_TOKEN_CACHE_SECONDS"] = saved
    assert (still, later) == (200, 401)


def test_a_device_is_noted_as_seen_once_a_minute_not_on_every_scan(app, client, desk):
    scan(client, desk, desk["codes"]["approved"])
    with app.app_context():
        seen = db.session.scalar(sa.select(ApiToken.last_used_at).where(ApiToken.name == "Gate A"))
    with statements(app) as sent:
        scan(client, desk, desk["codes"]["pending"])
    assert seen is not None
    assert "UPDATE" not in sent
