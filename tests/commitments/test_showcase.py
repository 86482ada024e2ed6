"""The theme page's "what cities do · commit · need": each kind's count and latest few
published entries, linking to the filtered list; an edition's archive page: its published
entries and their progress, linking to /commitments?edition=<n>."""

from __future__ import annotations

import re
from datetime import date

from forum.commitments.access import Editor
from forum.extensions import db
from tests import factories
from tests.cities import helpers
from tests.commitments.helpers import delegate, progress


def _theme_with_entries(app, doing: int = 4) -> None:
    with app.app_context():
        edition = factories.edition()
        services = helpers.theme(edition, "services", "Basic services")
        other = helpers.theme(edition, "labour", "Labour")
        mayor = delegate(edition, "m@example.org", ("Montréal", "CA"))
        for n in range(doing):
            helpers.published(edition, mayor, services, kind="doing", support_areas=[],
                              title=f"Action {n}")  # fmt: skip
        helpers.published(edition, mayor, services, kind="commitment", title="A pledge")
        helpers.draft(edition, mayor, services, kind="support_needed", title="A draft need")
        helpers.published(edition, mayor, other, title="Another theme's need")
        db.session.commit()


def _section(html: str, kind: str) -> str:
    return html.split(f'id="kind-{kind}"')[1].split("</section>")[0]


def test_the_theme_page_lists_the_latest_entries_of_each_kind(app, client):
    _theme_with_entries(app)
    html = client.get("/agenda/themes/services").get_data(as_text=True)
    assert "What cities do · commit · need" in html
    doing = _section(html, "doing")
    assert "(4)" in doing
    assert re.findall(r">(Action \d)</a>", doing) == ["Action 3", "Action 2", "Action 1"]
    assert 'href="/cities/ca/montreal">Montréal</a>' in doing
    link = 'href="/commitments?theme=services&amp;kind=doing">See all 4 entries in the list'
    assert link in doing
    pledge = _section(html, "commitment")
    assert "A pledge" in pledge and "See the 1 entry in the list" in pledge
    need = _section(html, "support_needed")
    assert "(0)" in need and "No published entry of this kind yet." in need
    assert "A draft need" not in html and "Another theme's need" not in html


def test_the_theme_page_s_queries_do_not_grow_with_its_entries(app, client, count_queries):
    _theme_with_entries(app, doing=1)
    client.get("/agenda/themes/services")
    count_queries.count = 0
    client.get("/agenda/themes/services")
    few = count_queries.count
    with app.app_context():
        edition = helpers.edition_number(5)
        theme = db.session.scalars(db.select(helpers.Theme).filter_by(slug="services")).one()
        mayor = delegate(edition, "q@example.org", ("Quito", "EC"))
        for n in range(6):
            helpers.published(edition, mayor, theme, kind="doing", support_areas=[],
                              title=f"More {n}")  # fmt: skip
        db.session.commit()
    count_queries.count = 0
    client.get("/agenda/themes/services")
    assert count_queries.count == few


def _berlin_with_entries(app) -> None:
    with app.app_context():
        marrakech = factories.edition()
        berlin = helpers.berlin()
        inclusion = helpers.theme(berlin, "inclusion", "Inclusion")
        mayor = delegate(berlin, "m@example.org", ("Montréal", "CA"))
        editor = Editor(user=mayor.user, registration=mayor)
        desks = helpers.published(berlin, mayor, inclusion, kind="doing", support_areas=[],
                                  title="Welcome desks")  # fmt: skip
        progress(desks, editor, date(2017, 9, 1), "fulfilled")
        courses = helpers.published(berlin, mayor, inclusion, kind="commitment",
                                    title="Language courses")  # fmt: skip
        progress(courses, editor, date(2017, 9, 1), "planning")
        helpers.published(berlin, mayor, inclusion, title="Data on newcomers")
        helpers.draft(berlin, mayor, inclusion, title="A draft of Berlin")
        quito = delegate(marrakech, "q@example.org", ("Quito", "EC"))
        helpers.published(marrakech, quito, helpers.theme(marrakech, "s", "S"), title="Of 2018")
        db.session.commit()


def test_a_past_edition_s_page_shows_its_entries_and_their_progress(app, client):
    _berlin_with_entries(app)
    html = client.get("/editions/4/").get_data(as_text=True)
    section = html.split('id="edition-entries-heading"')[1]
    assert "3 published entries" in section
    assert "<dt>What we do</dt><dd>1</dd>" in section
    assert "<dt>What we commit to</dt><dd>1</dd>" in section
    assert "<dt>What we need</dt><dd>1</dd>" in section
    assert "<dt>Fulfilled</dt><dd>1</dd>" in section and "<dt>Planning</dt><dd>1</dd>" in section
    assert "<dt>In progress</dt><dd>0</dd>" in section
    assert "<dt>No progress reported yet.</dt><dd>1</dd>" in section
    assert "Welcome desks" in section and "Language courses" in section
    assert "staleness-red" in section
    assert "A draft of Berlin" not in html and "Of 2018" not in html
    assert 'href="/commitments?edition=4">All 3 entries of this edition' in section
    listed = client.get("/commitments?edition=4").get_data(as_text=True)
    assert "Welcome desks" in listed and "Of 2018" not in listed


def test_an_edition_without_entries_says_so(app, client):
    with app.app_context():
        factories.edition()
        helpers.berlin()
        db.session.commit()
    html = client.get("/editions/4/").get_data(as_text=True)
    assert "No entry of this edition has been published." in html
