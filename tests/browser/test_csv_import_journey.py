"""The CSV import in a real browser on a phone: the template downloads, and a semicolon
file saved by a French Excel (Windows-1252, French labels) is previewed and imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.agenda.models import Session, SessionKind
from forum.extensions import db
from tests import factories
from tests.agenda import helpers
from tests.browser.test_agenda_journey import sign_in_organiser

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
FRENCH_EXCEL = (
    "Titre;Type;Thème;Jour;Heure de début;Heure de fin;Places\r\n"
    "Villes et emploi;Séance thématique;inclusion;2018-12-08;11:00;12:00;25\r\n"
)


def test_an_organiser_imports_what_french_excel_saved(
    app: Flask, live_server: str, new_page: Callable[[], Page], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        helpers.theme(edition, slug="inclusion")
        db.session.commit()
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in_organiser(page)
    page.goto("/admin/agenda/import")
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert page.evaluate(fits), "the import page is wider than the phone"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download a template to fill in (CSV)").click()
    template = Path(download.value.path()).read_bytes()
    assert template.startswith(b"\xef\xbb\xbfTitle,Kind,")

    upload = tmp_path / "séances.csv"
    upload.write_bytes(FRENCH_EXCEL.encode("cp1252"))
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("status")).to_contain_text("The row is fine.")
    expect(
        page.get_by_text("Read as Windows-1252 text, columns separated by semicolons.")
    ).to_be_visible()
    page.get_by_role("button", name="Import 1 session").click()
    expect(page.get_by_text("1 session imported.")).to_be_visible()
    with app.app_context():
        assert db.session.execute(sa.select(Session.title, Session.kind)).all() == [
            ("Villes et emploi", SessionKind.THEME_SESSION)
        ]
