"""The CSV import reads what spreadsheet programs write: commas, semicolons or tabs, UTF-8
with or without a BOM or Windows-1252, headers and kinds as any UI language shows them."""

from __future__ import annotations

import html
import io

import sqlalchemy as sa
from flask_babel import refresh

from forum.agenda.models import Session, SessionKind
from forum.extensions import db
from tests.agenda.test_admin import organiser  # noqa: F401 (fixture)
from tests.conftest import count_rows, csrf_token

URL = "/admin/agenda/import"


def upload(client, data: bytes, **extra: str):
    token = csrf_token(client.get(URL).get_data(as_text=True))
    return client.post(
        URL,
        data={"csrf_token": token, "file": (io.BytesIO(data), "sessions.csv"), **extra},
        content_type="multipart/form-data",
    )


def confirm(client, page: str):
    text = html.unescape(page.split('name="csv_text" hidden aria-hidden="true">')[1].split("<")[0])
    return client.post(URL, data={"csrf_token": csrf_token(page), "csv_text": text, "confirm": "y"})


def test_a_semicolon_file_in_windows_1252_with_french_labels_imports(client, organiser, ctx):  # noqa: F811
    text = (
        "Titre;Type;Thème;Salle;Jour;Heure de début;Heure de fin;Places;Description\r\n"
        "Villes accueillantes;Séance thématique;inclusion;Atlas room;2018-12-08;08:00;09:00;30;"
        "Échanges, idées\r\n"
        "Grande séance;PLÉNIÈRE;;;2018-12-08;16:00;17:00;;\r\n"
    )
    response = upload(client, text.encode("cp1252"))
    page = html.unescape(response.get_data(as_text=True))
    assert "All 2 rows are fine." in page, page
    assert "Read as Windows-1252 text, columns separated by semicolons." in page
    assert confirm(client, page).status_code == 302
    stored = db.session.execute(
        sa.select(Session.title, Session.kind, Session.description).order_by(Session.starts_at)
    ).all()
    assert stored[0] == ("Villes accueillantes", SessionKind.THEME_SESSION, "Échanges, idées")
    assert stored[-1][:2] == ("Grande séance", SessionKind.PLENARY)


def test_a_tab_separated_file_with_a_bom_imports(client, organiser, ctx):  # noqa: F811
    text = (
        "title\tkind\tdate\tstart\tend\n"
        "Sesión de redes\tSesión temática\t2018-12-08\t16:00\t17:00\n"
    )
    page = html.unescape(upload(client, text.encode("utf-8-sig")).get_data(as_text=True))
    assert "The row is fine." in page, page
    assert "Read as UTF-8 text, columns separated by tabs." in page
    assert confirm(client, page).status_code == 302
    assert db.session.scalar(sa.select(Session.kind).where(Session.title == "Sesión de redes")) is (
        SessionKind.THEME_SESSION
    )


def test_the_template_downloads_and_imports_cleanly(client, organiser, ctx):  # noqa: F811
    assert "/admin/agenda/import/template.csv" in client.get(URL).get_data(as_text=True)
    for language, header in [("en", "Title,Kind,"), ("fr", "Titre;Type;")]:
        client.get(f"/lang/{language}")
        refresh()  # the requests share the test's app context, where Babel keeps the locale
        template = client.get("/admin/agenda/import/template.csv")
        assert template.status_code == 200
        assert template.mimetype == "text/csv"
        assert "attachment" in template.headers["Content-Disposition"]
        assert template.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM, for Excel
        assert template.data.decode("utf-8-sig").startswith(header)
        before = count_rows(Session)
        page = html.unescape(upload(client, template.data).get_data(as_text=True))
        assert "has problems" not in page and "ont des problèmes" not in page, page
        assert confirm(client, page).status_code == 302
        assert count_rows(Session) == before + 1


def test_an_unknown_kind_names_the_accepted_ones(client, organiser, ctx):  # noqa: F811
    text = "title,kind,date,start,end\nOdd one,Workshopz,2018-12-08,16:00,17:00\n"
    page = html.unescape(upload(client, text.encode()).get_data(as_text=True))
    assert "1 row has problems; nothing was written." in page
    assert "“kind”: “Workshopz” is not a kind of session; write one of:" in page
    assert "Theme session, Roundtable" in page and "theme_session" in page
    assert count_rows(Session) == 1


def test_a_file_that_is_no_text_is_refused(client, organiser, ctx):  # noqa: F811
    page = html.unescape(upload(client, b"title\x81\x8d,date\n").get_data(as_text=True))
    assert "neither UTF-8 nor Windows-1252" in page


def test_the_cli_reads_the_same_files(app, runner, organiser, tmp_path, ctx):  # noqa: F811
    path = tmp_path / "sessions.csv"
    path.write_bytes(
        "Titre;Jour;Début;Fin;Type\nRéseaux;2018-12-08;16:00;17:00;Plénière\n".encode("cp1252")
    )
    result = runner.invoke(args=["forum", "import-sessions", str(path), "--confirm"])
    assert result.exit_code == 0, result.output
    assert "Windows-1252" in result.output
    assert db.session.scalar(sa.select(Session.kind).where(Session.title == "Réseaux")) is (
        SessionKind.PLENARY
    )


def test_a_file_over_the_size_limit_is_refused_whole(client, organiser, ctx):  # noqa: F811
    # Cut at the limit, a UTF-8 file could end mid-letter and be misread as Windows-1252.
    data = b"title,date,start,end\n" + "é".encode() * 500_000
    page = html.unescape(upload(client, data).get_data(as_text=True))
    assert "The file is larger than 1 MB; import it in parts." in page
