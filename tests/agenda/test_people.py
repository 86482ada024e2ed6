"""Speakers and moderators (issue 16.1): in their roles and order on every surface, managed by
organisers on the session form, with the agenda's query count unmoved by how many there are."""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import vobject
from icalendar import Calendar

from forum.agenda.models import PersonRole, Session, SessionPerson, SessionSignup
from forum.agenda.people import PersonDraft, add_person
from forum.audit.models import AuditEvent
from forum.badges.services import ensure_badge
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers
from tests.calendar.readers import icaljs
from tests.conftest import Auth, csrf_token
from tests.pdf_reading import pdf_lines

NOW = datetime(2018, 12, 1, 9, 0, tzinfo=UTC)
MODERATOR = "Moderator: Asha Rao (Kampala)"
SPEAKERS = "Speakers: Test amina (Freetown), Lucía Gómez (Quito)"


def _guest(role: PersonRole, name: str, city: str = "", **more: str) -> PersonDraft:
    return PersonDraft(role=role.value, name=name, city=city, **more)


@pytest.fixture
def panel(app) -> dict[str, object]:
    """A theme session with a guest moderator, a registered speaker and a guest speaker."""
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        theme = helpers.theme(edition)
        session = helpers.session(edition, "Cities and inclusion", theme_id=theme.id)
        amina = factories.registration(edition, "amina@example.org", S.APPROVED)
        ensure_badge(amina, now=NOW)
        authority = "Kampala Capital City Authority"
        moderator = _guest(PersonRole.MODERATOR, "Asha Rao", "Kampala", title="Deputy mayor",
                           organisation=authority, country_code="UG")  # fmt: skip
        for draft in (
            moderator,
            PersonDraft(role="speaker", registration_id=amina.id),
            _guest(PersonRole.SPEAKER, "Lucía Gómez", "Quito", country_code="EC"),
        ):
            add_person(session, draft, actor=None, now=NOW)
        db.session.commit()
        return {"session": session.id, "amina": amina.id, "token": private_link_token(amina)}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_agenda_and_the_theme_page_name_the_people_under_the_title(client, panel):
    for url in ("/agenda", "/agenda/themes/inclusion"):
        page = client.get(url).get_data(as_text=True)
        line = re.search(r'<p class="session-people">([^<]+)</p>', page)
        assert line and line.group(1) == f"{MODERATOR} · {SPEAKERS}", url


def test_the_session_page_lists_each_person_in_order_with_their_details(client, panel):
    page = client.get(f"/agenda/sessions/{panel['session']}").get_data(as_text=True)
    items = re.findall(r"<li>(.*?)</li>", page[page.index('class="session-panel"') :], re.S)
    assert [_text(item) for item in items[:3]] == [
        "Moderator Asha Rao , Deputy mayor, Kampala Capital City Authority · Kampala, Uganda",
        "Speaker Test amina , Mayor · Freetown, Sierra Leone",
        "Speaker Lucía Gómez · Quito, Ecuador",
    ]


def test_the_roles_are_translated(client, panel):
    client.get("/lang/fr")
    page = client.get("/agenda").get_data(as_text=True)
    line = re.search(r'<p class="session-people">([^<]+)</p>', page)
    assert line and line.group(1).startswith("Modérateur\u00a0: Asha Rao (Kampala)")
    assert "Intervenants\u00a0: Test amina (Freetown), Lucía Gómez (Quito)" in line.group(1)


def test_the_api_lists_speakers_in_order(client, panel):
    item = client.get("/api/v1/sessions").get_json()["sessions"][0]
    assert item["speakers"] == [
        {"role": "moderator", "name": "Asha Rao", "title": "Deputy mayor",
         "organisation": "Kampala Capital City Authority", "city": "Kampala", "country": "UG"},
        {"role": "speaker", "name": "Test amina", "title": "Mayor", "organisation": "",
         "city": "Freetown", "country": "SL"},
        {"role": "speaker", "name": "Lucía Gómez", "title": "", "organisation": "",
         "city": "Quito", "country": "EC"},
    ]  # fmt: skip
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "speakers" in str(spec) and "SpeakerOut" in str(spec)


def test_the_feeds_carry_the_people_in_the_description_for_three_readers(client, panel):
    expected = f"{MODERATOR}\n{SPEAKERS}"
    for url in ("/agenda.ics", "/agenda/inclusion.ics", f"/agenda/sessions/{panel['session']}.ics"):
        body = client.get(url).data
        (event,) = Calendar.from_ical(body).walk("VEVENT")
        assert str(event["DESCRIPTION"]) == expected, url
        assert vobject.readOne(body.decode()).vevent.description.value == expected
        assert [e["description"] for e in icaljs(body)["events"]] == [expected]


def test_a_change_of_people_changes_the_feeds_etag(app, client, panel):
    etag = client.get("/agenda.ics").headers["ETag"]
    assert client.get("/agenda.ics", headers={"If-None-Match": etag}).status_code == 304
    with app.app_context():
        session = db.session.get_one(Session, panel["session"])
        later = NOW + timedelta(hours=1)
        add_person(session, _guest(PersonRole.RAPPORTEUR, "Jo Ann"), actor=None, now=later)
        db.session.commit()
    answer = client.get("/agenda.ics", headers={"If-None-Match": etag})
    assert answer.status_code == 200 and b"Rapporteur: Jo Ann" in answer.data


def test_a_registered_speakers_new_name_changes_the_feeds_etag(app, client, panel):
    etag = client.get("/agenda.ics").headers["ETag"]
    with app.app_context():
        amina = db.session.get_one(Registration, panel["amina"])
        amina.given_name = "Aminata"
        db.session.commit()
    answer = client.get("/agenda.ics", headers={"If-None-Match": etag})
    assert answer.status_code == 200
    assert b"Aminata amina (Freetown)" in answer.data.replace(b"\r\n ", b"")  # unfolded


def test_the_printed_programme_prints_a_line_per_role(client, panel):
    lines = pdf_lines(client.get("/agenda.pdf").data)
    title = lines.index("Cities and inclusion")
    assert lines[title + 2 : title + 4] == [MODERATOR, SPEAKERS], lines


def test_the_private_page_says_where_the_delegate_speaks(client, panel):
    page = client.get(f"/r/{panel['token']}").get_data(as_text=True)
    section = page[page.index('id="speaking-heading"') :]
    section = section[: section.index("</section>")]
    assert "You speak in these sessions" in section
    assert f'href="/agenda/sessions/{panel["session"]}"' in section
    assert "Cities and inclusion" in section and "Speaker" in section


def test_the_speakers_badge_carries_the_role(client, panel):
    lines = pdf_lines(client.get(f"/r/{panel['token']}/badge.pdf").data)
    assert "MAYOR · SPEAKER" in lines, lines


def test_a_registered_speaker_hears_of_a_move_once_even_if_they_picked_it(app, client, panel):
    with app.app_context():
        session = db.session.get_one(Session, panel["session"])
        db.session.add(SessionSignup(registration_id=panel["amina"], session_id=session.id))
        picker = factories.registration(session.edition, "picker@example.org", S.APPROVED)
        db.session.add(SessionSignup(registration_id=picker.id, session_id=session.id))
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    url = f"/admin/agenda/sessions/{panel['session']}"
    page = client.get(url).get_data(as_text=True)
    form = {"csrf_token": csrf_token(page), "title": "Cities and inclusion",
            "kind": "theme_session", "theme_id": "", "room_id": "", "day": "2018-12-08",
            "start": "15:00", "end": "16:00", "capacity": "", "description": "",
            "is_published": "y"}  # fmt: skip
    assert client.post(url, data=form).status_code == 302
    with app.app_context():
        mails = db.session.scalars(
            sa.select(OutboxEmail.recipient).where(OutboxEmail.template == "session_changed")
        ).all()
    assert sorted(mails) == ["amina@example.org", "picker@example.org"]


def test_a_speaker_who_did_not_pick_it_hears_of_a_cancellation(app, client, panel):
    Auth(client).login(*factories.ORGANISER)
    url = f"/admin/agenda/sessions/{panel['session']}/cancel"
    page = client.get(url).get_data(as_text=True)
    assert client.post(url, data={"csrf_token": csrf_token(page)}).status_code == 302
    with app.app_context():
        mails = db.session.scalars(
            sa.select(OutboxEmail).where(OutboxEmail.template == "session_changed")
        ).all()
    assert [m.recipient for m in mails] == ["amina@example.org"]
    assert "is cancelled" in mails[0].body_text
    assert "You are on this session's panel." in mails[0].body_text


# --- organisers ---------------------------------------------------------------------------


def _people(app, session_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            sa.select(SessionPerson)
            .where(SessionPerson.session_id == session_id)
            .order_by(SessionPerson.position)
        )
        return [(p.role.value, p.name) for p in rows]


def _person_id(app, session_id: int, name: str) -> int:
    with app.app_context():
        people = db.session.get_one(Session, session_id).people
        return next(p.id for p in people if p.name == name)


def test_an_organiser_finds_a_delegate_by_name_and_adds_them(app, client, panel):
    with app.app_context():
        edition = db.session.get_one(Session, panel["session"]).edition
        other = factories.registration(edition, "lodz@example.org", S.PENDING, city=("Łódź", "PL"))
        other.given_name, other.family_name = "Hanna", "Zdanowska"
        db.session.commit()
        other_id = other.id
    Auth(client).login(*factories.ORGANISER)
    url = f"/admin/agenda/sessions/{panel['session']}"
    page = client.get(f"{url}?q=zdanowska+lodz").get_data(as_text=True)
    found = page[page.index('class="found-people"') :]
    assert "Hanna Zdanowska" in found and "Test amina" not in found[: found.index("</ul>")]
    data = {"csrf_token": csrf_token(found), "registration_id": str(other_id), "role": "keynote"}
    assert client.post(f"{url}/people/delegate", data=data).status_code == 302
    assert _people(app, panel["session"])[-1] == ("keynote", "Hanna Zdanowska")
    page = client.get(url).get_data(as_text=True)
    assert "Keynote speaker" in page[page.index('id="people"') :]


def test_an_organiser_adds_a_guest_and_the_rules_hold(app, client, panel):
    Auth(client).login(*factories.ORGANISER)
    url = f"/admin/agenda/sessions/{panel['session']}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    guest = {"csrf_token": token, "guest-role": "rapporteur", "guest-name": "Kofi Mensah",
             "guest-title": "", "guest-organisation": "UCLG", "guest-city": "Accra",
             "guest-country_code": "GH"}  # fmt: skip
    assert client.post(f"{url}/people/guest", data=guest).status_code == 302
    assert _people(app, panel["session"])[-1] == ("rapporteur", "Kofi Mensah")
    again = client.post(f"{url}/people/guest", data={**guest, "guest-name": "  kofi MENSAH "})
    assert "already in this session" in again.get_data(as_text=True)
    long = client.post(f"{url}/people/guest", data={**guest, "guest-name": "x" * 201})
    assert "longer than 200 characters" in long.get_data(as_text=True)
    unknown = client.post(f"{url}/people/guest", data={**guest, "guest-role": "chair"})
    assert "Not a valid choice" in unknown.get_data(as_text=True)
    assert len(_people(app, panel["session"])) == 4


def test_an_organiser_reorders_and_removes(app, client, panel):
    Auth(client).login(*factories.ORGANISER)
    session_id = panel["session"]
    url = f"/admin/agenda/sessions/{session_id}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    lucia = _person_id(app, session_id, "Lucía Gómez")
    assert client.post(f"{url}/people/{lucia}/up", data={"csrf_token": token}).status_code == 302
    assert [name for _, name in _people(app, session_id)] == ["Asha Rao", "Lucía Gómez",
                                                              "Test amina"]  # fmt: skip
    asha = _person_id(app, session_id, "Asha Rao")
    client.post(f"{url}/people/{asha}/remove", data={"csrf_token": token})
    assert _people(app, session_id) == [("speaker", "Lucía Gómez"), ("speaker", "Test amina")]
    assert client.post(f"{url}/people/{lucia}/remove").status_code == 400  # no CSRF: nothing
    assert len(_people(app, session_id)) == 2
    with app.app_context():
        actions = db.session.scalars(
            sa.select(AuditEvent.action).where(AuditEvent.target_id == session_id)
        ).all()
    assert actions.count("session.person_added") == 3
    assert {"session.person_moved", "session.person_removed"} <= set(actions)


def test_a_registration_of_another_edition_is_refused(app, client, panel):
    with app.app_context():
        older = factories.edition(number=4, year=2017, starts_on=date(2017, 6, 26),
                                  ends_on=date(2017, 6, 27), is_current=False)  # fmt: skip
        berlin = factories.registration(older, "berlin@example.org", S.APPROVED)
        db.session.commit()
        berlin_id = berlin.id
    Auth(client).login(*factories.ORGANISER)
    url = f"/admin/agenda/sessions/{panel['session']}"
    found = client.get(f"{url}?q=berlin").get_data(as_text=True)
    assert "No registration of this edition matches “berlin”." in found
    token = csrf_token(client.get(url).get_data(as_text=True))
    data = {"csrf_token": token, "registration_id": str(berlin_id), "role": "speaker"}
    page = client.post(f"{url}/people/delegate", data=data, follow_redirects=True)
    assert "Choose a delegate registered for this edition." in page.get_data(as_text=True)
    assert len(_people(app, panel["session"])) == 3


def test_the_same_registration_cannot_be_added_twice(ctx, panel):
    from forum.errors import InvalidInput

    session = db.session.get_one(Session, panel["session"])
    with pytest.raises(InvalidInput) as refused:
        add_person(session, PersonDraft(role="moderator", registration_id=panel["amina"]),
                   actor=None, now=NOW)  # fmt: skip
    assert refused.value.problems == {"name": "This person is already in this session."}


# --- the agenda's query count -------------------------------------------------------------


def _programme(app, sessions: int, people_each: int) -> None:
    with app.app_context():
        edition = factories.edition()
        theme = helpers.theme(edition)
        delegates = [
            factories.registration(edition, f"d{n}@example.org", S.APPROVED) for n in range(3)
        ]
        for index in range(sessions):
            session = helpers.session(edition, f"Session {index}", theme_id=theme.id)
            for n in range(people_each):
                draft = (
                    PersonDraft(role="speaker", registration_id=delegates[n].id)
                    if n < len(delegates)
                    else _guest(PersonRole.SPEAKER, f"Guest {n}", "Rabat")
                )
                add_person(session, draft, actor=None, now=NOW)
        db.session.commit()


@pytest.mark.parametrize(
    "url",
    ["/agenda", "/agenda/themes/inclusion", "/agenda.ics", "/api/v1/sessions",
     "/api/v1/sessions?lang=fr"],
)  # fmt: skip
def test_the_agenda_runs_as_many_queries_with_more_sessions_and_speakers(
    app, client, count_queries, url
):
    _programme(app, sessions=2, people_each=1)
    client.get(url)  # warm caches
    count_queries.count = 0
    assert client.get(url).status_code == 200
    small = count_queries.count
    db_reset(app)
    _programme(app, sessions=30, people_each=5)
    client.get(url)
    count_queries.count = 0
    page = client.get(url)
    assert page.status_code == 200 and "Guest 4" in page.get_data(as_text=True)
    assert count_queries.count == small


def db_reset(app) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


def test_the_demo_sessions_have_registered_and_guest_people(ctx):
    from forum.demo import seed_demo

    assert seed_demo(delegates=40)
    opening = db.session.scalars(
        sa.select(Session).where(Session.title.like("Opening plenary%"), Session.is_published)
    ).one()  # the demo's Quito 2020 holds an unpublished copy
    assert [p.role for p in opening.people] == [PersonRole.MODERATOR, PersonRole.KEYNOTE,
                                                PersonRole.SPEAKER]  # fmt: skip
    assert [p.registration_id is not None for p in opening.people] == [False, False, True]
    assert "(example)" in opening.people[0].organisation
    panels = db.session.scalar(sa.select(sa.func.count()).select_from(SessionPerson))
    assert panels == 15


def test_organisers_adding_at_once_get_distinct_places_and_no_twin(app, panel):
    from forum.errors import DomainError

    names = ["Ana Uno", "Ben Dos", "Cy Tres", "Ana Uno", "Ana Uno", "Di Cuatro"]
    barrier = threading.Barrier(len(names))
    refused: list[str] = []

    def add(name: str) -> None:
        with app.app_context():
            barrier.wait()  # before any query: on SQLite the first one takes the write lock
            try:
                session = db.session.get_one(Session, panel["session"])
                add_person(session, _guest(PersonRole.SPEAKER, name), actor=None, now=NOW)
                db.session.commit()
            except DomainError:
                db.session.rollback()
                refused.append(name)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=add, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert refused == ["Ana Uno", "Ana Uno"]
    with app.app_context():
        rows = db.session.scalars(
            sa.select(SessionPerson).where(SessionPerson.session_id == panel["session"])
        ).all()
        assert sorted(p.position for p in rows) == list(range(7))
        assert sorted(p.name for p in rows)[:4] == ["Ana Uno", "Asha Rao", "Ben Dos", "Cy Tres"]


@pytest.mark.parametrize(
    ("language", "moderator", "speakers"),
    [
        # PDFium reads the no-break space before the colon as a space.
        ("fr", "Modérateur : Asha Rao (Kampala)", "Intervenants : Test amina"),
        ("es", "Moderador: Asha Rao (Kampala)", "Ponentes: Test amina"),
    ],
)
def test_the_printed_programme_names_the_roles_in_the_readers_language(
    client, panel, language, moderator, speakers
):
    client.get(f"/lang/{language}")
    lines = [line.replace("\u00a0", " ") for line in pdf_lines(client.get("/agenda.pdf").data)]
    assert moderator in lines, lines
    assert any(line.startswith(speakers) for line in lines), lines
