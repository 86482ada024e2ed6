"""Organisers manage themes, rooms and sessions; every rule answers with a message on its field."""

from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from forum.agenda.models import Room, Session, SessionSignup, SessionSource, SessionStatus, Theme
from forum.extensions import db
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers
from tests.conftest import Auth, count_rows, csrf_token


@pytest.fixture
def organiser(app, client) -> dict[str, int]:
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        theme = helpers.theme(edition)
        atlas = helpers.room(edition)
        taken = helpers.session(edition, "Existing", "10:00", "11:00", room_id=atlas.id, capacity=5)
        db.session.commit()
        ids = {"edition": edition.id, "theme": theme.id, "room": atlas.id, "session": taken.id}
    Auth(client).login(*factories.ORGANISER)
    return ids


def post_form(client, url: str, **data: object):
    token = csrf_token(client.get(url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


SESSION = {
    "title": "New session",
    "kind": "theme_session",
    "theme_id": "",
    "room_id": "",
    "day": "2018-12-08",
    "start": "14:00",
    "end": "15:00",
    "capacity": "",
    "description": "",
    "is_published": "y",
}


def test_create_session_in_local_time(client, organiser, ctx):
    response = post_form(
        client, "/admin/agenda/sessions/new", **{**SESSION, "theme_id": organiser["theme"]}
    )
    assert response.status_code == 302
    session = db.session.scalars(sa.select(Session).where(Session.title == "New session")).one()
    assert session.starts_at.isoformat() == "2018-12-08T13:00:00+00:00"  # 14:00 in Casablanca (+01)
    assert (session.theme_id, session.source, session.sequence) == (
        organiser["theme"],
        SessionSource.FORUM,
        0,
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"start": "15:00", "end": "14:00"}, "end", "must end after it starts"),
        ({"day": "2018-12-09"}, "day", "The forum runs from 2018-12-08 to 2018-12-08."),
        (
            {"start": "10:30", "end": "11:30", "room_id": "ROOM"},
            "room_id",
            "already holds “Existing”",
        ),
        ({"day": "not a date"}, "day", "Not a valid date value"),
        ({"title": ""}, "title", "This field is required"),
        ({"capacity": "-1"}, "capacity", "Number must be between 0 and 100000"),
        ({"kind": "party"}, "kind", "Not a valid choice"),
        ({"room_id": "999999"}, "room_id", "Not a valid choice"),
    ],
)
def test_session_rules_answer_on_their_field(client, organiser, changes, field, message, ctx):
    data = {**SESSION, **{k: (organiser["room"] if v == "ROOM" else v) for k, v in changes.items()}}
    response = post_form(client, "/admin/agenda/sessions/new", **data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page
    assert message in page
    assert count_rows(Session) == 1


def test_capacity_cannot_drop_below_sign_ups(client, organiser, ctx):
    session = db.session.get(Session, organiser["session"])
    for index in range(3):
        delegate = factories.registration(
            session.edition, f"d{index}@example.org", RegistrationStatus.APPROVED
        )
        db.session.add(SessionSignup(registration=delegate, session=session))
    db.session.commit()
    url = f"/admin/agenda/sessions/{session.id}"
    data = {
        **SESSION,
        "title": "Existing",
        "start": "10:00",
        "end": "11:00",
        "room_id": organiser["room"],
    }
    page = post_form(client, url, **{**data, "capacity": "2"}).get_data(as_text=True)
    assert "3 delegates already picked this session." in page
    assert post_form(client, url, **{**data, "capacity": "3"}).status_code == 302


def test_editing_time_bumps_sequence_and_text_does_not(client, organiser, ctx):
    url = f"/admin/agenda/sessions/{organiser['session']}"
    base = {
        **SESSION,
        "title": "Existing",
        "start": "10:00",
        "end": "11:00",
        "room_id": organiser["room"],
        "capacity": "5",
    }
    post_form(client, url, **{**base, "description": "More words"})
    db.session.expire_all()
    assert db.session.get(Session, organiser["session"]).sequence == 0
    post_form(client, url, **{**base, "start": "10:15"})
    db.session.expire_all()
    session = db.session.get(Session, organiser["session"])
    assert session.sequence == 1
    assert session.description == ""  # the second form sent an empty description


def test_cancel_keeps_the_session_and_reinstate_brings_it_back(client, organiser, ctx):
    page = client.get("/admin/agenda/").get_data(as_text=True)
    token = csrf_token(page)
    client.post(f"/admin/agenda/sessions/{organiser['session']}/cancel", data={"csrf_token": token})
    db.session.expire_all()
    session = db.session.get(Session, organiser["session"])
    assert (session.status, session.sequence) == (SessionStatus.CANCELLED, 1)
    # The room is free now: a new session may take the slot...
    assert (
        post_form(
            client,
            "/admin/agenda/sessions/new",
            **{**SESSION, "start": "10:00", "end": "11:00", "room_id": organiser["room"]},
        ).status_code
        == 302
    )
    # ...so the cancelled one cannot come back into the same room and time.
    page = client.post(
        f"/admin/agenda/sessions/{organiser['session']}/reinstate",
        data={"csrf_token": token},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The room now holds “New session” at that time." in page
    db.session.expire_all()
    assert db.session.get(Session, organiser["session"]).status is SessionStatus.CANCELLED


def test_summit_items_are_not_edited_by_hand(client, organiser, ctx):
    edition = db.session.get(Session, organiser["session"]).edition
    summit = helpers.session(edition, "RT 1.1", source=SessionSource.GFMD, external_uid="rt11")
    db.session.commit()
    page = post_form(client, f"/admin/agenda/sessions/{summit.id}", **SESSION).get_data(
        as_text=True
    )
    assert "only through the summit sync" in page
    db.session.expire_all()
    assert db.session.get(Session, summit.id).title == "RT 1.1"


def test_themes_get_slugs_and_can_be_reordered(client, organiser, ctx):
    response = post_form(
        client,
        "/admin/agenda/themes/new",
        title="Accès aux services de base",
        description="",
        gcm_objectives=["15", "22"],
        is_published="y",
    )
    assert response.status_code == 302
    theme = db.session.scalars(
        sa.select(Theme).where(Theme.slug == "acces-aux-services-de-base")
    ).one()
    assert theme.gcm_objectives == [15, 22]
    duplicate = post_form(
        client, "/admin/agenda/themes/new", title="Other", slug="acces-aux-services-de-base"
    ).get_data(as_text=True)
    assert "already uses the address" in duplicate
    token = csrf_token(client.get("/admin/agenda/").get_data(as_text=True))
    client.post(f"/admin/agenda/themes/{theme.id}/move/up", data={"csrf_token": token})
    db.session.expire_all()
    order = db.session.scalars(sa.select(Theme.slug).order_by(Theme.position)).all()
    assert order == ["acces-aux-services-de-base", "inclusion"]


def test_room_names_are_unique(client, organiser, ctx):
    page = post_form(client, "/admin/agenda/rooms/new", name="Atlas room").get_data(as_text=True)
    assert "A room with this name exists already." in page
    assert (
        post_form(client, "/admin/agenda/rooms/new", name="Menara", seats="80").status_code == 302
    )
    assert count_rows(Room) == 2


CSV_OK = """title,kind,theme,room,date,start,end,capacity,description
Morning workshop,theme_session,inclusion,Atlas room,2018-12-08,08:00,09:00,30,Hands-on
Afternoon panel,plenary,,,2018-12-08,16:00,17:00,,
"""
CSV_BAD = """title,kind,theme,room,date,start,end,capacity
Clashing,theme_session,,Atlas room,2018-12-08,10:30,11:30,
,plenary,nope,Nowhere,2018-13-40,25:00,26:00,many
Fine one,plenary,,,2018-12-08,12:00,13:00,
Twin A,theme_session,,Atlas room,2018-12-08,15:00,16:00,
Twin B,theme_session,,Atlas room,2018-12-08,15:30,16:30,
"""


def upload(client, text: str, **extra: str):
    token = csrf_token(client.get("/admin/agenda/import").get_data(as_text=True))
    return client.post(
        "/admin/agenda/import",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(text.encode("utf-8-sig")), "sessions.csv"),
            **extra,
        },
        content_type="multipart/form-data",
    )


def test_csv_preview_lists_every_problem_and_writes_nothing(client, organiser, ctx):
    page = upload(client, CSV_BAD).get_data(as_text=True)
    assert "3 rows have problems; nothing was written. (5 in the file)" in page
    for message in [
        "already holds “Existing”",
        "“title” is empty.",
        "No theme has the address “nope”.",
        "No room is called “Nowhere”.",
        "Dates are written 2018-12-08.",
        "Times are written 09:30.",
        "Places must be a whole number.",
        "Same room and time as line 5.",
    ]:
        assert message in page, message
    assert "Import 5 sessions" not in page
    assert count_rows(Session) == 1


def test_csv_import_after_a_clean_preview(client, organiser, ctx):
    page = upload(client, CSV_OK).get_data(as_text=True)
    assert "All 2 rows are fine." in page
    assert count_rows(Session) == 1
    token = csrf_token(page)
    response = client.post(
        "/admin/agenda/import", data={"csrf_token": token, "csv_text": CSV_OK, "confirm": "y"}
    )
    assert response.status_code == 302
    titles = db.session.scalars(sa.select(Session.title).order_by(Session.starts_at)).all()
    assert titles == ["Morning workshop", "Existing", "Afternoon panel"]


def test_csv_without_the_columns_or_not_text_says_so(client, organiser, ctx):
    assert "lacks the columns: title, date, start, end" in upload(
        client, "name,when\nx,y\n"
    ).get_data(as_text=True)
    token = csrf_token(client.get("/admin/agenda/import").get_data(as_text=True))
    page = client.post(
        "/admin/agenda/import",
        data={"csrf_token": token, "file": (io.BytesIO(b"t\x81tulo\x90"), "s.csv")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "neither UTF-8 nor Windows-1252" in page


def test_an_edit_form_shows_the_stored_kind_and_saving_keeps_it(client, organiser, ctx):
    from forum.agenda.models import SessionKind

    session = db.session.get(Session, organiser["session"])
    session.kind = SessionKind.PLENARY
    db.session.commit()
    url = f"/admin/agenda/sessions/{session.id}"
    page = client.get(url).get_data(as_text=True)
    assert re.search(r'<option selected value="plenary">|<option value="plenary" selected>', page)
    token = csrf_token(page)
    # Change only the start time, sending back what the form showed for everything else.
    shown = {
        "title": "Existing", "kind": "plenary", "theme_id": "", "room_id": str(organiser["room"]),
        "day": "2018-12-08", "start": "10:15", "end": "11:00", "capacity": "5",
        "description": "", "is_published": "y",
    }  # fmt: skip
    assert client.post(url, data={"csrf_token": token, **shown}).status_code == 302
    db.session.refresh(session)
    assert session.kind is SessionKind.PLENARY
