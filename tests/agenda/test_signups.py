"""Delegates picking sessions: capacity held under concurrency, overlaps warned."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.agenda.models import SessionKind, SessionSignup, SessionSource, SessionStatus
from forum.agenda.signups import cancel_signup, sign_up
from forum.db import utcnow
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers
from tests.conftest import count_rows, csrf_token


def test_sign_up_and_give_back(ctx):
    edition = factories.edition()
    delegate = factories.registration(edition, "ada@example.org", S.APPROVED)
    session = helpers.session(edition, capacity=2)
    result = sign_up(delegate, session, now=utcnow())
    assert result.overlaps == []
    assert sign_up(delegate, session, now=utcnow()).signup == result.signup  # idempotent
    assert count_rows(SessionSignup) == 1
    assert cancel_signup(delegate, session) is True
    assert cancel_signup(delegate, session) is False
    assert count_rows(SessionSignup) == 0


@pytest.mark.parametrize(
    ("status", "session_values", "code"),
    [
        (S.PENDING, {}, "not_approved"),
        (S.WAITLISTED, {}, "not_approved"),
        (S.APPROVED, {"status": SessionStatus.CANCELLED}, "session_cancelled"),
        (S.APPROVED, {"kind": SessionKind.BREAK}, "not_pickable"),
        (S.APPROVED, {"source": SessionSource.GFMD, "external_uid": "x"}, "not_pickable"),
    ],
)
def test_who_may_pick_what(ctx, status, session_values, code):
    edition = factories.edition()
    delegate = factories.registration(edition, "ada@example.org", status)
    session = helpers.session(edition, **session_values)
    with pytest.raises(NotAllowed) as error:
        sign_up(delegate, session, now=utcnow())
    assert error.value.code == code
    assert count_rows(SessionSignup) == 0


@pytest.mark.parametrize(
    ("table", "values", "code"),
    [
        ("sessions", {"status": SessionStatus.CANCELLED.value}, "session_cancelled"),
        ("registrations", {"status": S.WITHDRAWN.value}, "not_approved"),
    ],
)
def test_a_change_committed_meanwhile_is_checked_inside_the_locks(ctx, table, values, code):
    edition = factories.edition()
    delegate = factories.registration(edition, "ada@example.org", S.APPROVED)
    session = helpers.session(edition, capacity=10)
    db.session.flush()
    row = {"sessions": session.id, "registrations": delegate.id}[table]
    changed = sa.table(table, sa.column("id"), *(sa.column(name) for name in values))
    # Behind the objects' backs, as another request's transaction would have done.
    db.session.connection().execute(sa.update(changed).where(changed.c.id == row).values(values))
    with pytest.raises(NotAllowed) as error:
        sign_up(delegate, session, now=utcnow())
    assert error.value.code == code
    assert count_rows(SessionSignup) == 0


def test_full_session_refuses_and_overlap_warns(ctx):
    edition = factories.edition()
    first = factories.registration(edition, "a@example.org", S.APPROVED)
    second = factories.registration(edition, "b@example.org", S.APPROVED)
    small = helpers.session(edition, "Small room", "10:00", "11:00", capacity=1)
    parallel = helpers.session(edition, "Parallel", "10:30", "12:00")
    sign_up(first, small, now=utcnow())
    with pytest.raises(NotAllowed) as error:
        sign_up(second, small, now=utcnow())
    assert error.value.code == "session_full"
    assert [s.title for s in sign_up(first, parallel, now=utcnow()).overlaps] == ["Small room"]


def test_pick_page_offers_only_what_it_can_keep(app, client):
    with app.app_context():
        edition = factories.edition()
        delegate = factories.registration(edition, "a@example.org", S.APPROVED)
        other = factories.registration(edition, "b@example.org", S.APPROVED)
        full = helpers.session(edition, "Tiny workshop", "10:00", "11:00", capacity=1)
        open_ = helpers.session(edition, "Open session", "10:30", "11:30")
        helpers.session(edition, "Coffee break", "11:30", "12:00", kind=SessionKind.BREAK)
        sign_up(other, full, now=utcnow())
        db.session.commit()
        token, full_id, open_id = private_link_token(delegate), full.id, open_.id
    page = client.get(f"/r/{token}/sessions").get_data(as_text=True)
    assert "This session is full." in page
    assert f"/sessions/{full_id}/pick" not in page
    assert f"/sessions/{open_id}/pick" in page
    assert page.count("Add to my programme") == 1  # not for the full session nor the break
    response = client.post(
        f"/r/{token}/sessions/{full_id}/pick",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "This session is full." in response.get_data(as_text=True)


def test_picking_overlapping_sessions_warns_on_the_page(app, client):
    with app.app_context():
        edition = factories.edition()
        delegate = factories.registration(edition, "a@example.org", S.APPROVED)
        morning = helpers.session(edition, "Morning", "10:00", "11:00")
        overlapping = helpers.session(edition, "Overlapping", "10:30", "11:30")
        db.session.commit()
        token, ids = private_link_token(delegate), (morning.id, overlapping.id)
    token_value = csrf_token(client.get(f"/r/{token}/sessions").get_data(as_text=True))
    client.post(f"/r/{token}/sessions/{ids[0]}/pick", data={"csrf_token": token_value})
    page = client.post(
        f"/r/{token}/sessions/{ids[1]}/pick",
        data={"csrf_token": token_value},
        follow_redirects=True,
    ).get_data(as_text=True)
    # The title is isolated: in an Arabic sentence an English title keeps its quotation marks.
    assert "It overlaps “<bdi>Morning</bdi>”, which you also picked." in page
    assert page.count("In my programme") == 2


def test_pending_delegate_sees_no_pick_buttons(app, client):
    with app.app_context():
        edition = factories.edition()
        delegate = factories.registration(edition, "a@example.org", S.PENDING)
        helpers.session(edition)
        db.session.commit()
        token = private_link_token(delegate)
    page = client.get(f"/r/{token}/sessions").get_data(as_text=True)
    assert "once your registration is approved" in page
    assert "Add to my programme" not in page


def test_fifty_parallel_sign_ups_for_ten_seats_give_exactly_ten(app: Flask):
    with app.app_context():
        edition = factories.edition()
        session = helpers.session(edition, capacity=10)
        ids = [
            factories.registration(edition, f"d{i}@example.org", S.APPROVED).id for i in range(50)
        ]
        db.session.commit()
        session_id = session.id
    barrier = threading.Barrier(50)
    outcomes: list[str] = []

    def pick(registration_id: int) -> None:
        from forum.agenda.models import Session
        from forum.registration.models import Registration

        barrier.wait()
        with app.app_context():
            registration = db.session.get(Registration, registration_id)
            target = db.session.get(Session, session_id)
            try:
                sign_up(registration, target, now=utcnow())
                db.session.commit()
                outcomes.append("ok")
            except NotAllowed as error:
                db.session.rollback()
                outcomes.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=pick, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(outcomes) == ["ok"] * 10 + ["session_full"] * 40
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionSignup)) == 10
