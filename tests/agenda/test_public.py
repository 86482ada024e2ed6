"""Public agenda pages: by day, by theme, combined with the summit, a fixed number of queries."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from forum.agenda import page_cache
from forum.agenda.models import SessionSignup, SessionSource, SessionStatus
from forum.extensions import db
from tests import factories
from tests.agenda import helpers


def build(app, sessions: int, *, today: bool = False) -> dict[str, int]:
    with app.app_context():
        day = datetime.now(UTC).date() if today else date(2018, 12, 8)
        edition = factories.edition(starts_on=day, ends_on=day + timedelta(days=1))
        theme = helpers.theme(edition, gcm_objectives=[16, 18])
        room = helpers.room(edition)
        for index in range(sessions):
            hour = 8 + index % 10
            helpers.session(
                edition,
                f"Session {index}",
                f"{hour:02d}:00",
                f"{hour:02d}:45",
                theme_id=theme.id if index % 2 else None,
                room_id=room.id if index % 3 == 0 else None,
                capacity=20 if index % 4 == 0 else None,
            )
        helpers.session(
            edition, "GFMD plenary", "09:00", "10:00", source=SessionSource.GFMD, external_uid="g1"
        )
        helpers.session(edition, "Dropped item", "11:00", "12:00", status=SessionStatus.CANCELLED)
        helpers.session(edition, "Draft item", "12:00", "13:00", is_published=False)
        db.session.commit()
        return {"edition": edition.id, "theme": theme.id}


def titles(page: str) -> list[str]:
    return re.findall(r'class="title-text">([^<]+)<', page)


def test_agenda_by_day_in_local_time(app, client):
    build(app, 3)
    page = client.get("/agenda").get_data(as_text=True)
    assert "Saturday, December 8, 2018" in page
    assert titles(page) == ["Session 0", "Session 1", "Session 2", "Dropped item"]
    assert '<time datetime="2018-12-08T07:00:00+00:00">8:00 AM</time>' in page
    # The zone by its offset, as every other page names it, not by its database id.
    assert "Times are local to Marrakech (GMT+01:00)." in page
    assert "Africa/Casablanca" not in page
    assert "Draft item" not in page and "GFMD plenary" not in page


def test_combined_view_shows_the_summit_distinctly(client, app):
    build(app, 2)
    page = client.get("/agenda?view=combined").get_data(as_text=True)
    assert titles(page) == ["Session 0", "Session 1", "GFMD plenary", "Dropped item"]
    assert page.count('class="badge badge-gfmd"') == 1
    assert "session session-gfmd" in page


def test_cancelled_sessions_are_struck_through(client, app):
    build(app, 1)
    page = client.get("/agenda").get_data(as_text=True)
    article = page[page.index("Dropped item") - 800 : page.index("Dropped item")]
    assert "is-cancelled" in article and "Cancelled" in article


def test_theme_page_shows_description_objectives_and_sessions(client, app):
    build(app, 4)
    page = client.get("/agenda/themes/inclusion").get_data(as_text=True)
    assert titles(page) == ["Session 1", "Session 3"]
    assert "Inclusion and social cohesion" in page
    assert "Skills development and recognition" in page
    assert client.get("/agenda/themes/unknown").status_code == 404


def test_now_and_next_on_the_day(client, app):
    ids = build(app, 0, today=True)
    with app.app_context():
        from forum.editions.models import Edition

        edition = db.session.get(Edition, ids["edition"])
        now = datetime.now(UTC)
        running = helpers.session(edition, "Running now", "00:00", "00:01")
        running.starts_at, running.ends_at = now - timedelta(minutes=5), now + timedelta(minutes=30)
        upcoming = helpers.session(edition, "Coming up", "00:00", "00:01")
        upcoming.starts_at, upcoming.ends_at = now + timedelta(hours=1), now + timedelta(hours=2)
        db.session.commit()
    page = client.get("/agenda").get_data(as_text=True)
    now_next = page[page.index("Now and next") : page.index("Now and next") + 800]
    assert "Running now" in now_next and "Coming up" in now_next


@pytest.mark.parametrize(
    "url",
    [
        "/agenda",
        "/agenda?view=combined",
        "/agenda/themes/inclusion",
        "/agenda.ics",
        "/agenda.ics?include=gfmd",
        "/agenda/inclusion.ics",
    ],
)
def test_pages_and_feeds_run_a_fixed_number_of_queries(app, client, count_queries, url):
    ids = build(app, 5)
    client.get(url)  # warm caches (VTIMEZONE, translations)
    page_cache.clear()  # every count below is of a page rendered anew
    count_queries.count = 0
    assert client.get(url).status_code == 200
    small = count_queries.count
    with app.app_context():
        from forum.agenda.models import Room, Session, Theme
        from forum.editions.models import Edition

        edition = db.session.get(Edition, ids["edition"])
        theme = db.session.get(Theme, ids["theme"])
        rooms = [helpers.room(edition, f"Room {i}") for i in range(5)]
        for index in range(60):
            helpers.session(
                edition,
                f"More {index}",
                "14:00",
                "14:30",
                theme_id=theme.id,
                room_id=rooms[index % 5].id,
                capacity=10,
            )
        assert db.session.query(Session).count() > 60 and db.session.query(Room).count() == 6
        db.session.commit()
    count_queries.count = 0
    assert client.get(url).status_code == 200
    assert count_queries.count == small
    assert small <= 11  # one of them loads every session's people


def test_the_agenda_renders_its_days_once_until_what_they_show_changes(app, client, count_queries):
    ids = build(app, 5)
    page_cache.clear()
    first = client.get("/agenda").get_data(as_text=True)
    count_queries.count = 0
    again = client.get("/agenda").get_data(as_text=True)
    kept = count_queries.count
    assert again == first
    with app.app_context():
        from forum.agenda.models import Session
        from forum.agenda.services import apply_changes

        session = db.session.scalars(sa.select(Session).filter_by(title="Session 1")).one()
        apply_changes(session, title="Session one, renamed")
        db.session.commit()
    count_queries.count = 0
    changed = client.get("/agenda").get_data(as_text=True)
    assert count_queries.count > kept  # rendered anew: the programme was read again
    assert "Session one, renamed" in changed and "Session 1<" not in changed
    with app.app_context():
        from forum.agenda.models import Theme
        from forum.editions.models import Edition

        db.session.get(Theme, ids["theme"]).title = "Renamed theme"  # its updated_at moves
        db.session.commit()
    assert "Renamed theme" in client.get("/agenda").get_data(as_text=True)
    assert "19 places left" not in client.get("/agenda").get_data(as_text=True)
    with app.app_context():
        session = db.session.scalars(sa.select(Session).filter_by(title="Session 0")).one()
        edition = db.session.get(Edition, ids["edition"])
        delegate = factories.registration(
            edition, "d@example.org", factories.RegistrationStatus.APPROVED
        )
        db.session.add(SessionSignup(registration=delegate, session=session))
        db.session.commit()
    assert "19 places left" in client.get("/agenda").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/agenda", "/agenda/themes/inclusion"])
def test_a_full_session_of_a_theme_says_full_and_a_free_one_its_places(app, client, path):
    with app.app_context():
        edition = factories.edition()
        theme = helpers.theme(edition, slug="inclusion")
        full = helpers.session(
            edition, "Packed room", "09:00", "10:00", theme_id=theme.id, capacity=1
        )
        helpers.session(edition, "Roomy", "10:00", "11:00", theme_id=theme.id, capacity=3)
        delegate = factories.registration(
            edition, "d@example.org", factories.RegistrationStatus.APPROVED
        )
        db.session.add(SessionSignup(registration=delegate, session=full))
        db.session.commit()
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert '<strong class="full">Full</strong>' in text
    assert "3 places left" in text


def test_a_theme_without_sessions_says_so_and_an_empty_agenda_too(app, client):
    with app.app_context():
        edition = factories.edition()
        helpers.theme(edition, slug="inclusion")
        db.session.commit()
    assert "No session of this theme has been published yet." in client.get(
        "/agenda/themes/inclusion"
    ).get_data(as_text=True)
    assert "The programme has not been published yet." in client.get("/agenda").get_data(
        as_text=True
    )
