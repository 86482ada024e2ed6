"""One invalid session, three ways in (the organisers' form, the CSV import, the CLI): the
same service refuses it with the same words, and nothing is stored."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from forum.agenda.models import Session
from tests.agenda.test_admin import SESSION, organiser, post_form  # noqa: F401 (fixture)
from tests.conftest import count_rows

INVALID = {"title": "Bell\x07 rings", "capacity": "-5", "description": "x" * 100_000}
REFUSALS = {
    "title": "Please remove the invisible control characters.",
    "capacity": "Number must be between 0 and 100000.",
    "description": "This cannot be longer than 5000 characters.",
}


def _csv_text() -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "kind", "date", "start", "end", "capacity", "description"])
    row = {**SESSION, **INVALID}
    writer.writerow(
        [row["title"], row["kind"], row["day"], row["start"], row["end"], row["capacity"],
         row["description"]]
    )  # fmt: skip
    return out.getvalue()


def _errors_on_page(page: str) -> dict[str, str]:
    found = re.findall(r'id="([a-z_]+)-error"[^>]*>\s*([^<]+?)\s*<', page)
    return {field: html.unescape(message) for field, message in found}


def test_the_form_refuses_it_field_by_field(client, organiser, ctx):  # noqa: F811
    before = count_rows(Session)
    response = post_form(client, "/admin/agenda/sessions/new", **{**SESSION, **INVALID})
    assert response.status_code == 200
    errors = _errors_on_page(response.get_data(as_text=True))
    assert {field: errors.get(field) for field in REFUSALS} == REFUSALS
    assert count_rows(Session) == before


def test_the_csv_import_refuses_it_with_the_same_words(client, organiser, ctx):  # noqa: F811
    before = count_rows(Session)
    response = post_form(client, "/admin/agenda/import", csv_text=_csv_text(), confirm="y")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    for field, message in REFUSALS.items():
        assert f"“{field}”: {message}" in page
    assert count_rows(Session) == before


@pytest.mark.parametrize("confirm", [False, True])
def test_the_cli_refuses_it_with_the_same_words(app, runner, organiser, tmp_path, confirm, ctx):  # noqa: F811
    before = count_rows(Session)
    path = tmp_path / "sessions.csv"
    path.write_text(_csv_text(), encoding="utf-8")
    args = ["forum", "import-sessions", str(path), *(["--confirm"] if confirm else [])]
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    for field, message in REFUSALS.items():
        assert f"line 2: “{field}”: {message}" in result.output
    assert count_rows(Session) == before


def test_the_cli_imports_a_sound_file_only_when_confirmed(app, runner, organiser, tmp_path, ctx):  # noqa: F811
    before = count_rows(Session)
    path = tmp_path / "sessions.csv"
    path.write_text("title,date,start,end\nCity networks,2018-12-08,16:00,17:00\n", "utf-8")
    checked = runner.invoke(args=["forum", "import-sessions", str(path)])
    assert (checked.exit_code, count_rows(Session)) == (0, before)
    written = runner.invoke(args=["forum", "import-sessions", str(path), "--confirm"])
    assert written.exit_code == 0, written.output
    assert count_rows(Session) == before + 1
