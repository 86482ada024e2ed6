"""The home page: the edition's dates, venue, themes, next sessions, declaration, registration."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask.testing import FlaskClient, FlaskCliRunner
from flask_babel import refresh

from forum.agenda.models import Session, SessionSource, Theme
from forum.editions.models import Edition
from forum.extensions import db
from forum.main.services import AGENDA_ITEMS, agenda_items, home_page
from tests import factories


def seed(runner: FlaskCliRunner) -> Edition:
    result = runner.invoke(args=["forum", "seed-demo", "--delegates", "40"])
    assert result.exit_code == 0, result.output
    return db.session.scalars(sa.select(Edition).where(Edition.is_current)).one()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_home_page_shows_the_demo_edition(client: FlaskClient, runner: FlaskCliRunner, ctx):
    edition = seed(runner)
    html = client.get("/").get_data(as_text=True)
    page = text_of(html)
    assert "Saturday, December 8, 2018" in page
    assert 'datetime="2018-12-08"' in html
    assert "Palais des Congrès, Marrakech" in page
    themes = db.session.scalars(
        sa.select(Theme).where(Theme.edition_id == edition.id).order_by(Theme.position)
    ).all()
    assert len(themes) == 3
    for theme in themes:
        assert f'href="/agenda/themes/{theme.slug}">{theme.title}</a>' in html
    # The demo edition is over: the programme's first forum sessions, in time order.
    first = db.session.scalars(
        sa.select(Session)
        .where(Session.edition_id == edition.id, Session.source == SessionSource.FORUM)
        .order_by(Session.starts_at, Session.id)
        .limit(AGENDA_ITEMS)
    ).all()
    links = re.findall(r'<a href="/agenda/sessions/(\d+)">', html)
    assert links == [str(s.id) for s in first]
    assert "On the programme" in page
    assert "6 local and regional governments to date" in page
    assert 'href="/declaration/#cities"' in html and 'href="/declaration/wall"' in html
    assert '<a class="button" href="/register">' in html  # the demo's window is open


def test_the_next_sessions_are_those_after_now(client: FlaskClient, runner: FlaskCliRunner, ctx):
    edition = seed(runner)
    sessions = agenda_items(edition, after=datetime(2000, 1, 1, tzinfo=UTC))
    assert len(sessions) == AGENDA_ITEMS
    during = sessions[1].starts_at - timedelta(minutes=1)
    page = home_page(edition, during)
    assert page.sessions_are_next
    assert page.sessions[0] == sessions[1]
    assert all(s.starts_at > during for s in page.sessions)
    after = home_page(edition, datetime(2030, 1, 1, tzinfo=UTC))
    assert not after.sessions_are_next and after.sessions == sessions


def test_the_home_page_in_french(client: FlaskClient, runner: FlaskCliRunner, ctx):
    seed(runner)
    refresh()  # the seed ran in this app context and fixed its locale to English
    client.get("/lang/fr")
    page = text_of(client.get("/").get_data(as_text=True))
    assert "samedi 8 décembre 2018" in page
    assert "Thèmes" in page
    assert "Au programme" in page and "La déclaration des maires" in page
    client.get("/lang/es")
    refresh()
    spanish = text_of(client.get("/").get_data(as_text=True))
    assert "sábado, 8 de diciembre de 2018" in spanish and "En el programa" in spanish


def test_a_closed_registration_says_so(client: FlaskClient, ctx):
    factories.edition(registration_closes_at=datetime.now(UTC) - timedelta(days=1))
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert "Registration is closed." in html
    assert '<a class="button" href="/register">' not in html


def test_a_two_day_edition_gives_both_days_and_its_city_without_a_venue(client: FlaskClient, ctx):
    factories.edition(ends_on=date(2018, 12, 9))
    db.session.commit()
    page = text_of(client.get("/").get_data(as_text=True))
    assert "Saturday, December 8, 2018 to Sunday, December 9, 2018" in page
    assert "Where Marrakech" in page
    assert "Registration is not open" not in page  # open-ended window: open
