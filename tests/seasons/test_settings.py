"""The editions pages: settings checked on every field, sessions moved only once confirmed,
every change audited, and exactly one current edition whatever happens at once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.audit.models import AuditEvent
from forum.editions.models import Edition
from forum.editions.settings import EditionSettings, check_settings, moved
from forum.errors import InvalidInput
from forum.extensions import db
from forum.seasons.services import switch_current
from tests import factories
from tests.agenda import helpers
from tests.conftest import Auth, csrf_token

FORM = {
    "number": "5",
    "title": "City Leadership",
    "subtitle": "",
    "city": "Marrakech",
    "country_code": "MA",
    "venue": "Palais des congrès",
    "timezone": "Africa/Casablanca",
    "starts_on": "2018-12-08",
    "ends_on": "2018-12-08",
    "capacity": "300",
    "registration_opens": "2018-09-01T09:00",
    "registration_closes": "2018-12-01T18:00",
    "edit_deadline": "2018-12-05T18:00",
    "gfmd_agenda_source": "",
    "waitlist_offer_hours": "48",
    "contact_email": "forum@example.org",
    "default_language": "en",
    "languages": ["en", "fr", "es"],
    "badge_prefix": "",
}


def _settings(**values: object) -> EditionSettings:
    base: dict[str, object] = {
        "number": 5, "title": "T", "city": "Marrakech", "country_code": "ma",
        "timezone": "Africa/Casablanca", "starts_on": date(2018, 12, 8),
        "ends_on": date(2018, 12, 8),
    }  # fmt: skip
    base.update(values)
    return EditionSettings(**base)  # type: ignore[arg-type]


def test_the_rules_name_every_problem_at_once(ctx):
    with pytest.raises(InvalidInput) as refused:
        check_settings(
            _settings(
                timezone="Europe/Atlantis", country_code="XX", ends_on=date(2018, 12, 1),
                registration_opens=datetime(2018, 10, 1), registration_closes=datetime(2018, 9, 1),
                edit_deadline=datetime(2030, 1, 1), contact_email="not an address", number=0,
            )
        )  # fmt: skip
    assert set(refused.value.problems) == {
        "timezone", "country_code", "ends_on", "registration_closes", "edit_deadline",
        "contact_email", "number",
    }  # fmt: skip
    assert check_settings(_settings()).country_code == "MA"


def test_moving_keeps_the_local_clock_even_on_a_summer_time_night():
    # 10:00 in Berlin on 20 March 2017 (UTC+1) → 10:00 on 20 October (UTC+2).
    winter = datetime(2017, 3, 20, 9, 0, tzinfo=UTC)
    assert moved(winter, "Europe/Berlin", "Europe/Berlin", 214) == datetime(
        2017, 10, 20, 8, 0, tzinfo=UTC
    )


def _organiser_client(app: Flask):
    client = app.test_client()
    Auth(client).login(*factories.ORGANISER)
    return client


def test_changing_the_zone_shows_what_moves_and_saves_only_when_confirmed(app: Flask):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        helpers.session(edition, "Opening", "09:00", "09:30")
        helpers.session(edition, "Closing", "17:00", "17:30")
        db.session.commit()
    client = _organiser_client(app)
    token = csrf_token(client.get("/admin/editions/5").get_data(as_text=True))
    data = {**FORM, "csrf_token": token, "timezone": "America/Guayaquil", "starts_on": "2018-12-10",
            "ends_on": "2018-12-10"}  # fmt: skip
    preview = client.post("/admin/editions/5", data=data)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "2 sessions keep their local times" in html
    assert "Their zone changes from Africa/Casablanca to America/Guayaquil." in html
    confirm = 'name="confirm" type="hidden" value="America/Guayaquil 2018-12-10"'
    assert confirm in html
    with app.app_context():
        kept = db.session.scalars(sa.select(Edition)).one()
        assert kept.timezone == "Africa/Casablanca"
    # A confirmation of other dates than those typed now shows the preview again.
    stale = client.post(
        "/admin/editions/5", data={**data, "confirm": "Africa/Casablanca 2018-12-10"}
    )
    assert "2 sessions keep their local times" in stale.get_data(as_text=True)
    saved = client.post(
        "/admin/editions/5", data={**data, "confirm": "America/Guayaquil 2018-12-10"}
    )
    assert saved.status_code == 302
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        assert (edition.timezone, edition.starts_on, edition.capacity) == (
            "America/Guayaquil",
            date(2018, 12, 10),
            300,
        )
        assert edition.registration_opens_at == datetime(2018, 9, 1, 14, 0, tzinfo=UTC)
        from forum.agenda.models import Session

        opening = db.session.scalars(sa.select(Session).where(Session.title == "Opening")).one()
        local = opening.starts_at.astimezone(edition.zone)
        assert (local.date(), local.hour) == (date(2018, 12, 10), 9)
        event = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "edition.updated")
        ).one()
        assert event.details["changed"]["timezone"] == ["Africa/Casablanca", "America/Guayaquil"]
        assert event.details["sessions_moved"] == 2
    history = client.get("/admin/editions/5").get_data(as_text=True)
    assert "<del>Africa/Casablanca</del>" in history and "<ins>America/Guayaquil</ins>" in history
    assert "Edition settings changed" in history


def test_a_refused_setting_is_shown_on_its_field(app: Flask):
    with app.app_context():
        factories.edition()
        factories.organiser()
        db.session.commit()
    client = _organiser_client(app)
    token = csrf_token(client.get("/admin/editions/5").get_data(as_text=True))
    page = client.post(
        "/admin/editions/5", data={**FORM, "csrf_token": token, "ends_on": "2018-12-01"}
    )
    assert page.status_code == 200
    assert "The edition cannot end before it starts." in page.get_data(as_text=True)


def test_dates_at_the_ends_of_the_calendar_are_refused_on_their_field_not_a_500(app: Flask):
    for typed, field in (
        ({"starts_on": date(1, 1, 1), "ends_on": date(1, 1, 1)}, "starts_on"),
        ({"ends_on": date(9999, 12, 31)}, "ends_on"),
    ):
        with app.test_request_context(), pytest.raises(InvalidInput) as refused:
            check_settings(_settings(registration_opens=datetime(2018, 9, 1), **typed))
        assert field in refused.value.problems, typed
    with app.app_context():
        factories.edition()
        factories.organiser()
        db.session.commit()
    client = _organiser_client(app)
    token = csrf_token(client.get("/admin/editions/5").get_data(as_text=True))
    page = client.post(
        "/admin/editions/5", data={**FORM, "csrf_token": token, "ends_on": "9999-12-31"}
    )
    assert page.status_code == 200
    assert "An edition lasts at most a month." in page.get_data(as_text=True)


def test_making_an_edition_current_from_the_list(app: Flask):
    with app.app_context():
        factories.edition()
        factories.edition(number=6, year=2020, city="Quito", is_current=False)
        factories.organiser()
        db.session.commit()
    client = _organiser_client(app)
    token = csrf_token(client.get("/admin/editions/").get_data(as_text=True))
    assert client.post("/admin/editions/6/current", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        current = db.session.scalars(sa.select(Edition.number).where(Edition.is_current)).all()
        assert current == [6]


def test_the_database_refuses_two_current_editions(ctx):
    factories.edition()
    with pytest.raises(sa.exc.IntegrityError):
        factories.edition(number=6, year=2020)
    db.session.rollback()


def test_concurrent_switches_always_leave_exactly_one_current(app: Flask):
    with app.app_context():
        ids = [factories.edition().id]
        ids += [factories.edition(number=n, year=2014 + n, is_current=False).id for n in (6, 7, 8)]
        db.session.commit()
    barrier = threading.Barrier(12)
    errors: list[BaseException] = []

    def switch(index: int) -> None:
        with app.app_context():
            barrier.wait()
            try:
                switch_current(ids[index % len(ids)], actor=None)
                db.session.commit()
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=switch, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Edition.is_current)) == 1


def test_organisers_switching_at_once_over_http_leave_exactly_one_current(app: Flask):
    with app.app_context():
        factories.edition()
        for n in (6, 7, 8):
            factories.edition(number=n, year=2014 + n, is_current=False)
        factories.organiser()
        db.session.commit()
    clients = [_organiser_client(app) for _ in range(8)]
    tokens = [csrf_token(c.get("/admin/editions/").get_data(as_text=True)) for c in clients]
    barrier = threading.Barrier(len(clients))
    codes: list[int] = []

    def switch(index: int) -> None:
        barrier.wait()
        number = 5 + index % 4
        response = clients[index].post(
            f"/admin/editions/{number}/current", data={"csrf_token": tokens[index]}
        )
        codes.append(response.status_code)

    threads = [threading.Thread(target=switch, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert codes == [302] * len(clients)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).where(Edition.is_current)) == 1
