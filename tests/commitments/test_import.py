"""Importing entries collected on paper: CSV as any spreadsheet saves it (comma, semicolon,
tab; UTF-8 with or without BOM, Windows-1252; labels in English, French or Spanish) and
XLSX (formulas never evaluated); each row through the commitments' one validation; the
preview names each problem by line and column; confirming writes all rows or none."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import sqlalchemy as sa

from forum.agenda.csv_import import UnreadableFile
from forum.commitments.import_files import xlsx_text
from forum.commitments.importing import apply_import, preview_import
from forum.commitments.models import Commitment, Kind, PartnershipLevel, Status
from forum.extensions import db
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import NOW, delegate
from tests.commitments.tool_helpers import actions, organiser
from tests.conftest import Auth, count_rows, csrf_token

ENGLISH = (
    "Country code,City,Theme,Kind,Title,Description,Language,Support areas,Partnership level,"
    "GCM objectives,Target,Target date,Partners,Status\r\n"
    'SL,Freetown,inclusion,What we need,Data on newcomers,We count,en,"tools, partnerships",'
    'national,"1, 16",A survey,2020-12-31,IOM,published\r\n'
    "SL,freetown,Inclusion,doing,Welcome desk,,en,,,,,,,\r\n"
)
FRENCH = (
    "Code pays;Ville;Thème;Type;Titre;Langue;Domaines de soutien;Objectifs PMM;Date cible;"
    "Statut\r\n"
    "SL;Freetown;Inclusion;Besoin;Données sur les arrivants;Français;Outils;1;31/12/2020;soumis\r\n"
)


@pytest.fixture
def edition(ctx):
    row = factories.edition()
    delegate(row)  # Freetown (SL) is a known city
    agenda.theme(row)
    factories.organiser()
    return row


def _import(edition, text):
    rows = preview_import(edition, text)
    return rows, apply_import(edition, rows, editor=organiser(), now=NOW)


def test_an_english_csv_imports_every_field_and_the_status_asked(edition):
    rows, made = _import(edition, ENGLISH)
    assert [row.problems for row in rows] == [[], []]
    need, action = made
    assert (need.kind, need.status, need.title) == (
        Kind.SUPPORT_NEEDED,
        Status.PUBLISHED,
        "Data on newcomers",
    )
    assert (need.support_tools, need.support_partnerships, need.partnership_level) == (
        True, True, PartnershipLevel.NATIONAL,
    )  # fmt: skip
    assert (need.gcm_objectives, need.target_date, need.partners) == (
        [1, 16],
        date(2020, 12, 31),
        "IOM",
    )
    assert (action.kind, action.status) == (Kind.DOING, Status.DRAFT)
    assert actions(need) == [
        "commitment.created", "commitment.imported", "commitment.submitted", "commitment.published",
    ]  # fmt: skip


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
def test_a_french_excel_file_with_semicolons_reads_in_any_encoding(edition, encoding):
    from forum.commitments.import_files import read_bytes

    text, _how = read_bytes(FRENCH.encode(encoding))
    _rows, (made,) = _import(edition, text)
    assert (made.title, made.kind, made.language, made.status) == (
        "Données sur les arrivants", Kind.SUPPORT_NEEDED, "fr", Status.SUBMITTED,
    )  # fmt: skip
    assert made.target_date == date(2020, 12, 31) and made.support_tools


def test_a_spanish_tab_separated_file_reads(edition):
    text = (
        "País\tCiudad\tTema\tTipo\tTítulo\tIdioma\tEstado\n"
        "SL\tFreetown\tinclusion\tLo que hacemos\tMesa de bienvenida\tes\tborrador\n"
    )
    rows = preview_import(edition, text)
    assert rows[0].problems == [], rows[0].problems


def test_the_preview_names_each_problem_by_line_and_column_and_nothing_is_written(edition):
    text = ENGLISH + (
        "SL,Atlantis,inclusion,doing,Somewhere else,,en,,,,,,,\r\n"
        "SL,Freetown,jobs,doing,No such theme,,en,,,24,,2020-31-12,,returned\r\n"
        'SL,Freetown,inclusion,doing,=HYPERLINK("http://x"),,en,,,,,,,\r\n'
        "SL,Freetown,inclusion,doing,Bell\x07,,en,tools,global,,,,,\r\n"
        "SL,Freetown,inclusion,,,,en,,,one,,,,\r\n"
        ",Freetown,inclusion,doing,No country,,en,,,,,,,\r\n"
    )
    rows = preview_import(edition, text)
    problems = {row.line: dict(row.problems) for row in rows}
    assert problems[2] == {} and problems[3] == {}
    assert set(problems[4]) == {"city"}
    assert set(problems[5]) == {"theme", "gcm_objectives", "target_date", "status"}
    assert set(problems[6]) == {"title"} and "Formulas" in problems[6]["title"]
    assert set(problems[7]) == {"title"}  # a control character
    assert set(problems[8]) == {"kind", "title", "gcm_objectives"}
    assert problems[9] == {"country": "This field is required."}
    with pytest.raises(UnreadableFile):
        apply_import(edition, rows, editor=organiser(), now=NOW)
    assert count_rows(Commitment) == 0


def test_a_partnership_level_without_partnerships_is_refused_by_the_one_validation(edition):
    text = (
        "Country code,City,Theme,Kind,Title,Partnership level\n"
        "SL,Freetown,inclusion,doing,X,local\n"
    )
    (row,) = preview_import(edition, text)
    assert dict(row.problems) == {"partnership_level": "A level goes with partnerships only."}


def test_a_file_without_the_required_columns_is_refused_whole(edition):
    with pytest.raises(UnreadableFile) as refused:
        preview_import(edition, "Title,Kind\nData,doing\n")
    assert "country, city, theme" in refused.value.message


def _workbook(*rows: list[object]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_sheet_imports_dates_as_days_and_never_evaluates_a_formula(edition):
    header = ["Country code", "City", "Theme", "Kind", "Title", "Target date", "GCM objectives"]
    data = _workbook(
        header,
        ["SL", "Freetown", "inclusion", "doing", "Welcome desk", datetime(2020, 6, 30), 16],
        ["SL", "Freetown", "inclusion", "doing", "=1+1", None, None],
    )
    rows = preview_import(edition, xlsx_text(data))
    assert rows[0].problems == [] and rows[0].data.target_date == date(2020, 6, 30)
    assert rows[0].data.gcm_objectives == [16]
    assert [column for column, _problem in rows[1].problems] == ["title"]
    with pytest.raises(UnreadableFile):
        xlsx_text(b"PK\x03\x04 not a workbook")


def _preview(client, name, data):
    page = client.get("/admin/commitments/import").get_data(as_text=True)
    return client.post("/admin/commitments/import", data={
        "csrf_token": csrf_token(page), "file": (io.BytesIO(data), name),
    }, content_type="multipart/form-data").get_data(as_text=True)  # fmt: skip


def test_the_import_page_previews_then_imports_on_confirming(app, client):
    with app.app_context():
        edition = factories.edition()
        delegate(edition)
        agenda.theme(edition)
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    template = client.get("/admin/commitments/import/template.csv")
    assert template.data.startswith("\ufeffCountry code,City,Theme,Kind,Title".encode())
    header = ["Country code", "City", "Theme", "Kind", "Title"]
    preview = _preview(
        client, "paper.xlsx", _workbook(header, ["SL", "Freetown", "inclusion", "doing", "Desk"])
    )
    assert "The row is fine." in preview and "formulas are not evaluated" in preview
    assert count_rows_in(app) == 0
    done = client.post("/admin/commitments/import", data={
        "csrf_token": csrf_token(preview), "csv_text": _hidden_text(preview), "confirm": "y",
    }, follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "1 entry imported." in done
    assert count_rows_in(app) == 1
    bad = _preview(
        client, "paper.csv", b"Country code,City,Theme,Kind,Title\nSL,Nowhere,inclusion,doing,X\n"
    )
    assert "1 row has problems; nothing was written." in bad and "City: No city" in bad


def _hidden_text(page: str) -> str:
    import html
    import re

    found = re.search(r'<textarea name="csv_text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found
    return html.unescape(found.group(1))


def count_rows_in(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Commitment)) or 0


def test_the_cli_checks_then_imports_only_when_confirmed(edition, runner, tmp_path):
    path = tmp_path / "paper.csv"
    path.write_bytes((ENGLISH + "SL,Atlantis,inclusion,doing,X,,en,,,,,,,\r\n").encode("cp1252"))
    args = ["forum", "import-commitments", str(path), "--as", factories.ORGANISER[0]]
    db.session.commit()
    refused = runner.invoke(args=[*args, "--confirm"])
    assert refused.exit_code == 1 and "line 4, city: No city “Atlantis”" in refused.output
    assert count_rows(Commitment) == 0
    path.write_bytes(ENGLISH.encode("utf-8"))
    checked = runner.invoke(args=args)
    assert "2 entries are sound" in checked.output and count_rows(Commitment) == 0
    done = runner.invoke(args=[*args, "--confirm"])
    assert done.exit_code == 0 and "2 entries imported" in done.output, done.output
    assert count_rows(Commitment) == 2
    stranger = runner.invoke(args=["forum", "import-commitments", str(path), "--as", "x@y.org"])
    assert stranger.exit_code == 1 and "No organiser" in stranger.output
