"""A signed-in delegate adds a session to their programme from its public page (issue 11.18)."""

from __future__ import annotations

import re

from forum.agenda.models import SessionSignup
from forum.auth.services import magic_link_token
from forum.extensions import db
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers
from tests.conftest import count_rows, csrf_token


def _sign_in(client, user) -> None:
    path = f"/login/magic/{magic_link_token(user)}"
    client.post(path, data={"csrf_token": csrf_token(client.get(path).get_data(as_text=True))})


def _setup(app, client, status=S.APPROVED, **session_values) -> int:
    with app.app_context():
        edition = factories.edition()
        registration = factories.registration(edition, "ada@example.org", status)
        helpers.session(edition, "Cities and work", "10:30", "11:30")
        session = helpers.session(edition, **session_values)
        db.session.commit()
        _sign_in(client, registration.user)
        return session.id


def _button_form(page: str, action: str) -> str:
    match = re.search(rf'<form method="post" action="{action}"[^>]*>(.*?)</form>', page, re.S)
    assert match, f"no form posting to {action}"
    return match.group(1)


def test_an_approved_delegate_adds_and_removes_a_session_from_its_page(app, client):
    session_id = _setup(app, client, capacity=10)
    url = f"/agenda/sessions/{session_id}"
    page = client.get(url).get_data(as_text=True)
    form = _button_form(page, f"{url}/pick")
    assert "Add to my programme" in form
    response = client.post(f"{url}/pick", data={"csrf_token": csrf_token(form)})
    assert response.headers["Location"] == url
    page = client.get(url).get_data(as_text=True)
    assert "is in your programme" in page and "In your programme" in page
    with app.app_context():
        assert count_rows(SessionSignup) == 1
    client.post(
        f"{url}/unpick", data={"csrf_token": csrf_token(_button_form(page, f"{url}/unpick"))}
    )
    with app.app_context():
        assert count_rows(SessionSignup) == 0
    assert "Add to my programme" in client.get(url).get_data(as_text=True)


def test_the_pick_button_needs_the_csrf_token(app, client):
    session_id = _setup(app, client)
    client.post(f"/agenda/sessions/{session_id}/pick", data={})
    with app.app_context():
        assert count_rows(SessionSignup) == 0


def test_a_full_session_says_so_and_refuses(app, client):
    session_id = _setup(app, client, capacity=0)
    url = f"/agenda/sessions/{session_id}"
    page = client.get(url).get_data(as_text=True)
    assert "This session is full." in page and f"{url}/pick" not in page
    token = csrf_token(page)  # the sign-out form's token is the session's token too
    client.post(f"{url}/pick", data={"csrf_token": token})
    with app.app_context():
        assert count_rows(SessionSignup) == 0


def test_no_button_for_a_pending_delegate_nor_a_visitor(app, client):
    session_id = _setup(app, client, status=S.PENDING)
    url = f"/agenda/sessions/{session_id}"
    assert "Add to my programme" not in client.get(url).get_data(as_text=True)
    assert "Add to my programme" not in app.test_client().get(url).get_data(as_text=True)
    assert app.test_client().post(f"{url}/pick").status_code in (302, 400)


def test_picking_a_session_that_clashes_warns(app, client):
    session_id = _setup(app, client)
    with app.app_context():
        from forum.agenda.models import Session
        from forum.agenda.signups import sign_up
        from forum.db import utcnow
        from forum.registration.models import Registration

        other = db.session.query(Session).filter(Session.title == "Cities and work").one()
        sign_up(db.session.query(Registration).one(), other, now=utcnow())
        db.session.commit()
    url = f"/agenda/sessions/{session_id}"
    form = _button_form(client.get(url).get_data(as_text=True), f"{url}/pick")
    client.post(f"{url}/pick", data={"csrf_token": csrf_token(form)})
    assert "It overlaps “<bdi>Cities and work</bdi>”" in client.get(url).get_data(as_text=True)
