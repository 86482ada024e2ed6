"""The organisers' XLSX export and the annual report PDF (issue 12): the workbook opened with
openpyxl, the PDF's text read back by PDFium in English, French and Spanish."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime

import openpyxl
import pytest
from flask import Flask
from flask_babel import force_locale

from forum.agenda.models import Theme
from forum.agenda.queries import themes
from forum.commitments.access import Editor
from forum.commitments.checks import ProgressInput
from forum.commitments.exports import COLUMNS, xlsx_cell
from forum.commitments.models import Commitment
from forum.commitments.report import annual_report
from forum.commitments.report_pdf import annual_report_pdf
from forum.commitments.services import create_draft, publish, submit, withdraw
from forum.commitments.updates import add_progress
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import delegate, entry, entry_input, organiser_user
from tests.pdf_reading import page_count, pdf_lines

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LATER = datetime(2021, 1, 15, 12, 0, tzinfo=UTC)


def _entry(edition: Edition, theme: Theme, mayor: Registration, *, published: bool = True,
           **values: object) -> Commitment:  # fmt: skip
    """An entry of the delegate's city under ``theme``, published unless told otherwise."""
    editor = Editor(user=mayor.user, registration=mayor)
    row = create_draft(edition, mayor.city_id, entry_input(theme.id, **values), editor=editor,
                       now=factories.NOW)  # fmt: skip
    if published:
        submit(row.id, editor=editor, now=factories.NOW)
        publish(row.id, editor=Editor(user=organiser_user()), now=factories.NOW)
    return row


def _report(edition_id: int) -> None:
    """Entries in every state of freshness at LATER, and some the report must leave out."""
    edition = db.session.get(Edition, edition_id)
    vulnerable = agenda.theme(edition, "vulnerable", "Reducing vulnerabilities")
    services = agenda.theme(edition, "services", "Access to basic services")
    agenda.theme(edition, "empty", "A theme without entries")
    agenda.theme(edition, "hidden", "An unpublished theme", is_published=False)
    freetown = delegate(edition)
    quito = delegate(edition, "alcaldesa@example.org", city=("Quito", "EC"))
    need = _entry(edition, vulnerable, freetown, title="Data on newcomers")
    action = _entry(edition, services, quito, kind="doing", title="Un guichet unique",
                    support_areas=[], gcm_objectives=[20], gcr_objectives=[2])  # fmt: skip
    _entry(edition, vulnerable, quito, kind="commitment", title="Shelter beds by 2020",
           support_areas=["resources"], gcm_objectives=[8])  # fmt: skip
    _entry(edition, vulnerable, freetown, published=False, title="A draft the report leaves out")
    _entry(edition, services, freetown, title="Kept for organisers", is_public=False)
    gone = _entry(edition, services, freetown, title="A withdrawn entry")
    withdraw(gone.id, editor=Editor(user=organiser_user()), now=factories.NOW)
    _progress(need, date(2020, 6, 1), "in_progress", 40)  # green at LATER
    _progress(action, date(2019, 6, 1), "fulfilled", 100)  # amber at LATER
    db.session.commit()  # the shelter beds were never updated: red at LATER


def _progress(row: Commitment, on: date, status: str, percent: int) -> None:
    editor = Editor(user=organiser_user())
    report = ProgressInput(reported_on=on, status=status, percent=percent)
    add_progress(row.id, report, editor=editor, now=LATER)


@pytest.fixture
def edition_id(app: Flask) -> int:
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        _report(edition.id)
        return edition.id


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(pdf_lines(pdf)).split())


def _pdf_at_later(app: Flask, edition_id: int, language: str) -> bytes:
    with app.test_request_context(), force_locale(language):
        edition = db.session.get(Edition, edition_id)
        report = annual_report(edition, themes(edition, published_only=False), LATER)
    return annual_report_pdf(report)


EXPECTED = {
    "en": ("Annual report on city commitments", "What we need", "What we do",
           "Green: Updated within a year", "Amber: No update for over a year",
           "Red: No update for over two years", "In progress · 40% · Jun 1, 2020",
           "Quito, Ecuador", "3 published entries", "from 2 cities"),
    "fr": ("Rapport annuel sur les engagements des villes", "Ce dont nous avons besoin",
           "Ce que nous faisons", "Vert: Mis à jour depuis moins d’un an",
           "Orange: Sans mise à jour depuis plus d’un an",
           "Rouge: Sans mise à jour depuis plus de deux ans", "Quito, Équateur",
           "3 entrées publiées", "de 2 villes"),
    "es": ("Informe anual sobre los compromisos de las ciudades", "Lo que necesitamos",
           "Lo que hacemos", "Verde: Actualizado hace menos de un año",
           "Ámbar: Sin actualizar desde hace más de un año",
           "Rojo: Sin actualizar desde hace más de dos años", "Quito, Ecuador",
           "3 entradas publicadas", "de 2 ciudades"),
}  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_report_lists_every_published_entry_with_its_progress_and_freshness(
    app, edition_id, language
):
    text = _text(_pdf_at_later(app, edition_id, language))
    for words in EXPECTED[language]:
        assert words in text
    for title in ("Data on newcomers", "Un guichet unique", "Shelter beds by 2020"):
        assert text.count(title) == 1
    for left_out in ("A draft the report leaves out", "Kept for organisers", "A withdrawn entry"):
        assert left_out not in text


def test_every_page_after_the_first_ends_with_its_number_of_the_total(app, edition_id):
    pdf = _pdf_at_later(app, edition_id, "fr")
    total = page_count(pdf)
    assert total > 1
    for page in range(2, total + 1):
        assert pdf_lines(pdf, page=page)[-1].endswith(f"Page {page} sur {total}")
    assert f"sur {total}" not in " ".join(pdf_lines(pdf, page=1))  # the title page has none


def test_the_report_counts_entries_by_kind_and_support_area(app, edition_id):
    pdf = _pdf_at_later(app, edition_id, "en")
    overview = [" ".join(line.split()) for line in pdf_lines(pdf, page=2, layout=True)]
    # Themes A (vulnerable), B (services), C (empty; the unpublished one has no entry), all.
    assert "What we do 0 1 0 1" in overview
    assert "What we commit to 1 0 0 1" in overview
    assert "What we need 1 0 0 1" in overview
    assert "Resources (financing, staff) 1 0 0 1" in overview
    assert "Tools (data, standards, methods) 1 0 0 1" in overview
    assert "All entries 2 1 0 3" in overview
    assert "C. A theme without entries" in overview
    assert not any("An unpublished theme" in line for line in overview)
    chart = " ".join(" ".join(pdf_lines(pdf, page=3)).split())
    assert chart.startswith("GCM objectives covered, by theme A B C All 1. Data 1 0 0 1")
    assert "8. Save lives 1 0 0 1" in chart
    assert "20. Remittances 0 1 0 1" in chart
    assert "A: Reducing vulnerabilities B: Access to basic services C: A theme without" in chart
    assert page_count(pdf) == 6  # the cover, the counts, the chart and a page per theme


def test_anyone_downloads_the_report_in_the_language_asked(client, edition_id):
    answer = client.get("/commitments/report.pdf?lang=es&edition=5")
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    assert "commitments-report-2018-es.pdf" in answer.headers["Content-Disposition"]
    text = _text(answer.data)
    assert "Informe anual sobre los compromisos de las ciudades" in text
    assert "Rojo: Sin actualizar desde hace más de dos años" in text  # years after 2018
    assert "Kept for organisers" not in text


@pytest.mark.parametrize(
    ("query", "status"),
    [("lang=de", 404), ("edition=9", 404), ("edition=abc", 404), ("edition=-1", 404),
     ("edition=99999999999999999999", 400)],
)  # fmt: skip
def test_a_language_or_edition_the_site_lacks_is_refused(client, edition_id, query, status):
    assert client.get(f"/commitments/report.pdf?{query}").status_code == status


def test_the_public_list_and_the_organisers_page_link_the_report(client, auth, edition_id):
    html = client.get("/commitments").get_data(as_text=True)
    assert 'href="/commitments/report.pdf?edition=5&amp;lang=fr"' in html
    assert 'href="/commitments/open-data.json?edition=5"' in html
    auth.login(*factories.ORGANISER)
    admin = client.get("/admin/commitments/").get_data(as_text=True)
    assert 'href="/commitments/report.pdf?lang=en"' in admin
    assert 'href="/admin/commitments/commitments.xlsx"' in admin


def _workbook(client, query: str = "") -> list[tuple[object, ...]]:
    answer = client.get(f"/admin/commitments/commitments.xlsx{query}")
    assert answer.status_code == 200
    assert answer.mimetype == XLSX
    sheet = openpyxl.load_workbook(io.BytesIO(answer.data)).active
    return list(sheet.iter_rows(values_only=True))


def test_organisers_export_the_entries_as_xlsx_with_formulas_defused(app, client, auth):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        mayor = delegate(edition, city=("Liège", "BE"))
        row = entry(edition, mayor, published=True, title="=HYPERLINK(\"http://x\")",
                    description="@SUM(A1:A9)", partners="-2+3", target="+1")  # fmt: skip
        entry(edition, mayor, title="Données sur les nouveaux arrivants", kind="doing")
        db.session.commit()
        row_id = row.id
    auth.login(*factories.ORGANISER)
    header, *rows = _workbook(client)
    assert list(header) == COLUMNS
    by_title = {r[COLUMNS.index("title")]: dict(zip(COLUMNS, r, strict=True)) for r in rows}
    need = by_title['\'=HYPERLINK("http://x")']
    assert need["id"] == row_id
    assert need["city"] == "Liège"
    assert need["description"] == "'@SUM(A1:A9)"
    assert need["partners"] == "'-2+3"
    assert need["target"] == "'+1"
    assert need["gcm_objectives"] == "1 16"
    assert need["status"] == "published"
    draft = by_title["Données sur les nouveaux arrivants"]
    assert draft["status"] == "draft"
    assert draft["percent"] is None
    # The same filters as the list and the CSV.
    assert [r[COLUMNS.index("kind")] for r in _workbook(client, "?kind=doing")[1:]] == ["doing"]


def test_an_xlsx_cell_is_defused_as_a_csv_cell_is_and_holds_only_what_xml_can():
    title, percent = COLUMNS.index("title"), COLUMNS.index("percent")
    assert xlsx_cell(title, "\tTabbed") == "'\tTabbed"
    assert xlsx_cell(title, "\rReturn") == "'\rReturn"
    assert xlsx_cell(title, "  =1+1") == "'  =1+1"
    assert xlsx_cell(title, "a\x01b\x1fc") == "abc"
    assert xlsx_cell(title, "-") == "'-"
    assert xlsx_cell(title, "plain") == "plain"
    assert xlsx_cell(percent, "40") == 40
    assert xlsx_cell(percent, "") is None


def test_the_xlsx_stores_no_cell_as_a_formula(app, client, auth):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        entry(edition, delegate(edition), title="=1+1")
        db.session.commit()
    auth.login(*factories.ORGANISER)
    answer = client.get("/admin/commitments/commitments.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(answer.data)).active
    assert {cell.data_type for row in sheet.iter_rows() for cell in row} <= {"s", "inlineStr", "n"}
    with zipfile.ZipFile(io.BytesIO(answer.data)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "'=1+1" in xml


def test_only_organisers_export_the_xlsx(app, client, auth):
    with app.app_context():
        factories.edition()
        factories.staff()
        db.session.commit()
    assert client.get("/admin/commitments/commitments.xlsx").status_code == 302  # to sign in
    auth.login(*factories.STAFF)
    assert client.get("/admin/commitments/commitments.xlsx").status_code == 403


def test_an_edition_without_entries_has_a_report_that_says_so(app, client):
    with app.app_context():
        edition = factories.edition()
        agenda.theme(edition, "inclusion", "Inclusion")
        factories.edition(number=6, year=2019, city="Quito", country_code="EC", is_current=False)
        db.session.commit()
    text = _text(client.get("/commitments/report.pdf?lang=en").data)
    assert "0 published entries" in text and "from 0 cities" in text
    assert "No published entry under this theme." in text
    past = client.get("/commitments/report.pdf?edition=6&lang=fr")
    assert past.status_code == 200  # an edition without themes still has its cover and chart
    assert "Édition 6 · Quito, Équateur" in _text(past.data)


def test_one_client_cannot_ask_for_the_report_again_and_again(app, client):
    with app.app_context():
        factories.edition()
        db.session.commit()
    app.config["COMMITMENT_FILES_RATE_LIMIT"] = "2 per minute"
    try:
        codes = [client.get("/commitments/report.pdf?lang=en").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        assert client.get("/commitments/open-data.json").status_code == 200  # its own count
    finally:
        del app.config["COMMITMENT_FILES_RATE_LIMIT"]
