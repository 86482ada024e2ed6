"""The commitment pages: a delegate's forms under their private link, the organisers'
moderation, the public list and entry, the theme page's counts."""

from __future__ import annotations

import re

import sqlalchemy as sa

from forum.commitments.access import Editor
from forum.commitments.models import Commitment, Status
from forum.extensions import db
from forum.registration.links import private_link_token
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import delegate, entry, progress
from tests.conftest import Auth, csrf_token


def _need_form(theme_id: int, token_page: str, **values: str) -> dict[str, object]:
    form: dict[str, object] = {
        "csrf_token": csrf_token(token_page),
        "kind": "support_needed",
        "theme_id": str(theme_id),
        "title": "Datos sobre los recién llegados",
        "description": "Necesitamos contar a quién llega.",
        "language": "es",
        "support_areas": ["tools", "partnerships"],
        "partnership_level": "national",
        "gcm_objectives": ["1", "15"],
        "target": "Una encuesta anual",
        "target_date": "2020-12-31",
        "partners": "",
        "contact_id": "",
        "is_public": "y",
    }
    form.update(values)
    return form


def test_a_delegate_records_a_need_an_organiser_publishes_it_the_public_sees_it(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        theme = agenda.theme(edition)
        mayor = delegate(edition, city=("Quito", "EC"))
        db.session.commit()
        token, theme_id, theme_slug = private_link_token(mayor), theme.id, theme.slug
    assert f"/r/{token}/commitments" in client.get(f"/r/{token}").get_data(as_text=True)
    page = client.get(f"/r/{token}/commitments/new").get_data(as_text=True)
    assert "SMART" in page
    made = client.post(f"/r/{token}/commitments/new", data=_need_form(theme_id, page))
    assert made.status_code == 302
    entry_url = made.headers["Location"]
    commitment_id = int(entry_url.rsplit("/", 1)[1])
    entry_page = client.get(entry_url).get_data(as_text=True)
    client.post(f"{entry_url}/submit", data={"csrf_token": csrf_token(entry_page)})
    assert client.get(f"/commitments/{commitment_id}").status_code == 404  # not yet published

    Auth(client).login(*factories.ORGANISER)
    detail = client.get(f"/admin/commitments/{commitment_id}").get_data(as_text=True)
    assert "Submitted · mayor@example.org" in detail
    client.post(
        f"/admin/commitments/{commitment_id}/publish", data={"csrf_token": csrf_token(detail)}
    )
    client.post("/logout", data={"csrf_token": csrf_token(detail)})

    listed = client.get(f"/commitments?theme={theme_slug}&kind=support_needed&area=tools&gcm=15")
    assert "Datos sobre los recién llegados" in listed.get_data(as_text=True)
    assert "illustrative" in listed.get_data(as_text=True)
    assert "Datos" not in client.get("/commitments?gcm=2").get_data(as_text=True)
    shown = client.get(f"/commitments/{commitment_id}").get_data(as_text=True)
    assert "National" in shown and 'lang="es"' in shown
    assert "Quito</a> (Ecuador)" in shown  # the country named, not coded
    counts = client.get(f"/agenda/themes/{theme_slug}").get_data(as_text=True)
    assert re.search(r'What they need <span class="count">\(1\)</span>', counts)


def test_a_new_entry_is_offered_in_the_pages_language_with_its_themes_named_so(app, client):
    with app.app_context():
        edition = factories.edition()
        theme = agenda.theme(edition, title="Basic services")
        theme.title_i18n = {"es": "Servicios básicos"}
        token = private_link_token(delegate(edition))
        db.session.commit()
    client.get("/lang/es")
    page = client.get(f"/r/{token}/commitments/new").get_data(as_text=True)
    # A Spanish text is not marked English (lang="en") because the form started at English.
    assert re.search(r'<option selected value="es">|<option value="es" selected>', page), page
    assert "Servicios básicos" in page and "Basic services" not in page


def test_another_citys_delegate_cannot_see_or_change_an_entry(app, client):
    with app.app_context():
        edition = factories.edition()
        row = entry(edition)
        other = delegate(edition, "other@example.org", city=("Quito", "EC"))
        db.session.commit()
        token, row_id = private_link_token(other), row.id
    page = client.get(f"/r/{token}/commitments").get_data(as_text=True)
    assert "Data on newcomers" not in page
    assert client.get(f"/r/{token}/commitments/{row_id}").status_code == 404
    assert client.get(f"/r/{token}/commitments/{row_id}/edit").status_code == 404
    form_page = client.get(f"/r/{token}").get_data(as_text=True)
    posted = client.post(
        f"/r/{token}/commitments/{row_id}/withdraw", data={"csrf_token": csrf_token(form_page)}
    )
    assert posted.status_code == 404
    with app.app_context():
        assert db.session.get(Commitment, row_id).status is Status.DRAFT


def test_a_stale_edit_is_refused_with_the_typed_text_kept(app, client):
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        deputy = delegate(edition, "deputy@example.org")
        row = entry(edition, mayor)
        db.session.commit()
        tokens, row_id, theme_id = (
            (private_link_token(mayor), private_link_token(deputy)),
            row.id,
            row.theme_id,
        )
    pages = [client.get(f"/r/{t}/commitments/{row_id}/edit").get_data(as_text=True) for t in tokens]
    first = _need_form(theme_id, pages[0], title="The mayor's words", version="1")
    assert client.post(f"/r/{tokens[0]}/commitments/{row_id}/edit", data=first).status_code == 302
    second = _need_form(theme_id, pages[1], title="The deputy's words", version="1")
    refused = client.post(f"/r/{tokens[1]}/commitments/{row_id}/edit", data=second)
    html = refused.get_data(as_text=True)
    assert "Someone else changed this entry; review their changes." in html
    assert "The deputy&#39;s words" in html and "The mayor&#39;s words" in html
    with app.app_context():
        assert db.session.get(Commitment, row_id).title == "The mayor's words"
    again = client.post(f"/r/{tokens[1]}/commitments/{row_id}/edit", data=_need_form(
        theme_id, pages[1], title="The deputy's words", version="2"))  # fmt: skip
    assert again.status_code == 302


def test_an_organiser_returns_an_entry_with_a_comment_the_city_reads(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        mayor = delegate(edition)
        row = entry(edition, mayor)
        row.status = Status.SUBMITTED
        db.session.commit()
        token, row_id = private_link_token(mayor), row.id
    Auth(client).login(*factories.ORGANISER)
    detail = client.get(f"/admin/commitments/{row_id}").get_data(as_text=True)
    client.post(
        f"/admin/commitments/{row_id}/return",
        data={"csrf_token": csrf_token(detail), "comment": "Name a target date, please."},
    )
    assert "Returned" in client.get("/admin/commitments/?status=returned").get_data(as_text=True)
    assert "Name a target date" in client.get(f"/r/{token}/commitments/{row_id}").get_data(
        as_text=True
    )


def test_anonymous_visitors_see_published_public_entries_only(app, client):
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        shown = entry(edition, mayor, published=True, title="Shown entry")
        entry(edition, mayor, title="Draft entry")
        hidden = entry(edition, mayor, published=True, title="Hidden entry", is_public=False)
        progress(shown, Editor(user=mayor.user, registration=mayor), factories.NOW.date())
        db.session.commit()
        hidden_id = hidden.id
    html = client.get("/commitments").get_data(as_text=True)
    assert "Shown entry" in html and "In progress" in html
    assert "Draft entry" not in html and "Hidden entry" not in html
    assert client.get(f"/commitments/{hidden_id}").status_code == 404


def test_the_list_speaks_french_and_spanish(app, client):
    with app.app_context():
        edition = factories.edition()
        entry(edition, published=True)
        db.session.commit()
    client.get("/lang/fr")
    html = client.get("/commitments").get_data(as_text=True)
    assert "Engagements des villes" in html and "Ce dont nous avons besoin" in html
    assert "1. Données" in html
    client.get("/lang/es")
    assert "Lo que necesitamos" in client.get("/commitments").get_data(as_text=True)


def test_the_lists_name_themes_in_the_readers_language(app, client):
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        row = entry(edition, mayor, published=True)
        row.theme.title, row.theme.title_i18n = "Basic services", {"es": "Servicios básicos"}
        db.session.commit()
        token = private_link_token(mayor)
    client.get("/lang/es")
    for url in ("/commitments", f"/r/{token}/commitments"):
        html = client.get(url).get_data(as_text=True)
        assert "Servicios básicos" in html and "Basic services" not in html, url


def test_an_arabic_entry_page_lists_its_objectives_in_arabic(app, client):
    from forum.agenda.gcm import gcm_title

    with app.app_context():
        row_id = entry(factories.edition(), published=True, gcm_objectives=[16]).id
        db.session.commit()
    client.get("/lang/ar")
    html = client.get(f"/commitments/{row_id}").get_data(as_text=True)
    # The page says the titles are the forum's own translation: so they must be Arabic.
    assert gcm_title(16, "ar") in html and gcm_title(16, "en") not in html


def test_a_published_entry_is_not_edited_by_its_city_but_gets_progress(app, client):
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        row = entry(edition, mayor, published=True)
        db.session.commit()
        token, row_id = private_link_token(mayor), row.id
    edit_page = client.get(f"/r/{token}/commitments/{row_id}/edit")
    assert edit_page.status_code == 302
    page = client.get(f"/r/{token}/commitments/{row_id}").get_data(as_text=True)
    assert "Report progress" in page
    client.post(
        f"/r/{token}/commitments/{row_id}/progress",
        data={"csrf_token": csrf_token(page), "reported_on": "2018-12-01", "status": "fulfilled",
              "percent": "100", "narrative": "Done.", "evidence_url": "https://example.org/r"},
    )  # fmt: skip
    public = client.get(f"/commitments/{row_id}").get_data(as_text=True)
    assert "Fulfilled" in public and "https://example.org/r" in public


def test_a_progress_form_sent_with_nothing_chosen_records_nothing_and_says_why(app, client):
    from forum.commitments.models import ProgressUpdate

    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        row = entry(edition, mayor, published=True)
        db.session.commit()
        token, row_id = private_link_token(mayor), row.id
    page = client.get(f"/r/{token}/commitments/{row_id}").get_data(as_text=True)
    assert '<option value="">— how far has it come? —</option><option value="planning">' in page
    answer = client.post(
        f"/r/{token}/commitments/{row_id}/progress",
        data={"csrf_token": csrf_token(page), "reported_on": "2018-12-01", "status": "",
              "percent": "", "narrative": "", "evidence_url": ""},
        follow_redirects=True,
    )  # fmt: skip
    assert "Say how far it has come." in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressUpdate)) == 0


def test_an_organiser_records_an_entry_for_a_city(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        theme = agenda.theme(edition)
        mayor = delegate(edition, city=("Accra", "GH"))
        db.session.commit()
        theme_id, city_id = theme.id, mayor.city_id
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/admin/commitments/new").get_data(as_text=True)
    assert "Accra (GH)" in page
    made = client.post(
        "/admin/commitments/new",
        data=_need_form(theme_id, page, city_id=str(city_id), title="From the paper form"),
    )
    assert made.status_code == 302
    with app.app_context():
        row = db.session.query(Commitment).one()
        assert (row.city_id, row.title, row.status) == (
            city_id,
            "From the paper form",
            Status.DRAFT,
        )


def test_organisers_export_the_filtered_entries_as_csv_with_formulas_defused(app, client):
    import csv
    import io

    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        mayor = delegate(edition)
        entry(edition, mayor, published=True, title="=HYPERLINK(1)")
        entry(edition, mayor, title="A draft", kind="doing")
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    answer = client.get("/admin/commitments/commitments.csv?kind=support_needed&endpoint=x")
    assert answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["title"] for row in rows] == ["'=HYPERLINK(1)"]
    assert rows[0]["support_areas"] == "tools" and rows[0]["gcm_objectives"] == "1 16"
    assert client.get("/admin/commitments/?endpoint=x").status_code == 200


def test_the_coverage_table_counts_published_entries_by_objective_and_theme(app, client):
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        row = entry(edition, mayor, published=True, gcm_objectives=[1, 16])
        entry(edition, mayor, gcm_objectives=[1])  # a draft: not counted
        db.session.commit()
        slug = row.theme.slug
    html = client.get("/commitments/coverage").get_data(as_text=True)
    assert f'href="/commitments?gcm=1&amp;theme={slug}">1</a>' in html
    assert f'href="/commitments?gcm=16&amp;theme={slug}">1</a>' in html
    assert "gcm=2&amp;" not in html
    assert " style=" not in html


def test_the_list_folds_its_filters_until_one_is_used(app, client):
    with app.app_context():
        edition = factories.edition()
        agenda.theme(edition, slug="inclusion")
        db.session.commit()
    folded = client.get("/commitments").get_data(as_text=True)
    assert '<details class="more-filters">' in folded and 'name="q"' in folded
    used = client.get("/commitments?theme=inclusion&kind=doing").get_data(as_text=True)
    assert '<details class="more-filters" open>' in used
    assert "More filters (2)" in used
