"""Delegates who picked a session hear, in their language, when it moves or is cancelled
(issue 11, item 11); cancelling asks the organiser first."""

from __future__ import annotations

import re

import sqlalchemy as sa

from forum.agenda.models import Session, SessionSignup
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda.test_admin import SESSION, organiser, post_form  # noqa: F401 (fixture)
from tests.conftest import csrf_token


def _picked_by_three(organiser_ids: dict[str, int]) -> Session:
    session = db.session.get_one(Session, organiser_ids["session"])
    english = factories.registration(session.edition, "en@x.org", S.APPROVED)
    french = factories.registration(session.edition, "fr@x.org", S.APPROVED)
    french.user.preferred_locale = "fr"
    gone = factories.registration(session.edition, "gone@x.org", S.WITHDRAWN)
    for registration in (english, french, gone):
        db.session.add(SessionSignup(registration=registration, session=session))
    db.session.commit()
    return session


def _mails() -> dict[str, OutboxEmail]:
    rows = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.template == "session_changed")
    )
    return {row.recipient: row for row in rows}


def _edit(client, session: Session, **changes: str):
    shown = {**SESSION, "title": "Existing", "room_id": str(session.room_id), "start": "10:00",
             "end": "11:00", "capacity": "5", **changes}  # fmt: skip
    return post_form(client, f"/admin/agenda/sessions/{session.id}", **shown)


def test_a_new_time_reaches_each_delegate_who_picked_it_in_their_language(client, organiser, ctx):  # noqa: F811
    session = _picked_by_three(organiser)
    assert _edit(client, session, start="15:00", end="16:00").status_code == 302
    mails = _mails()
    assert sorted(mails) == ["en@x.org", "fr@x.org"]
    assert "has changed" in mails["en@x.org"].body_text
    # The new end, in Marrakech time, on the English clock.
    assert re.search(r"\b4:00\sPM", mails["en@x.org"].body_text)
    assert "a changé" in mails["fr@x.org"].body_text or "modifié" in mails["fr@x.org"].body_text


def test_an_edit_that_moves_nothing_sends_nothing(client, organiser, ctx):  # noqa: F811
    session = _picked_by_three(organiser)
    assert _edit(client, session, description="A longer description.").status_code == 302
    assert _mails() == {}


def test_cancelling_asks_first_then_tells_them(client, organiser, ctx):  # noqa: F811
    session = _picked_by_three(organiser)
    page = client.get(f"/admin/agenda/sessions/{session.id}/cancel").get_data(as_text=True)
    assert "2 delegates picked it" in page
    assert _mails() == {}
    client.post(
        f"/admin/agenda/sessions/{session.id}/cancel", data={"csrf_token": csrf_token(page)}
    )
    mails = _mails()
    assert sorted(mails) == ["en@x.org", "fr@x.org"]
    assert mails["en@x.org"].subject == "Cancelled: Existing"


def test_renaming_the_room_tells_them_the_new_place(client, organiser, ctx):  # noqa: F811
    session = _picked_by_three(organiser)
    url = f"/admin/agenda/rooms/{session.room_id}"
    assert post_form(client, url, name="Salle Atlas", seats="").status_code == 302
    assert "Salle Atlas" in _mails()["en@x.org"].body_text
