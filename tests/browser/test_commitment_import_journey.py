"""The commitments import in a real browser on a phone: an organiser uploads entries typed
from paper, the preview names the bad row's line and column, nothing is written; the
corrected file is previewed and imported."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.commitments.models import Commitment, Status
from forum.extensions import db
from tests import factories
from tests.agenda import helpers
from tests.browser.test_agenda_journey import sign_in_organiser
from tests.commitments.helpers import delegate

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
HEADER = "Country code;City;Theme;Kind;Title;GCM objectives;Status\r\n"
GOOD = "SL;Freetown;inclusion;What we do;Welcome desk;16;published\r\n"
BAD = "SL;Freetown;inclusion;What we need;Data on newcomers;24;draft\r\n"
FIXED = "SL;Freetown;inclusion;What we need;Data on newcomers;1;draft\r\n"


def test_an_organiser_fixes_a_bad_row_and_imports(
    app: Flask, live_server: str, new_page: Callable[[], Page], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        delegate(edition)  # Freetown (SL)
        helpers.theme(edition, slug="inclusion")
        db.session.commit()
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in_organiser(page)
    page.goto("/admin/commitments/")
    page.get_by_role("link", name="Import from a file").click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    first = tmp_path / "paper.csv"
    first.write_bytes((HEADER + GOOD + BAD).encode("cp1252"))
    page.get_by_label("CSV or XLSX file").set_input_files(str(first))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("status")).to_contain_text("1 row has problems; nothing was written.")
    bad_row = page.get_by_role("row").filter(has_text="Data on newcomers")
    expect(bad_row).to_contain_text("3")  # the line in the file, the header being line 1
    expect(bad_row).to_contain_text("GCM objectives: Choose among the objectives listed.")
    expect(page.get_by_role("button", name="Import 2 entries")).to_have_count(0)

    page.get_by_role("link", name="Choose another file").click()
    fixed = tmp_path / "paper-fixed.csv"
    fixed.write_bytes((HEADER + GOOD + FIXED).encode("utf-8-sig"))
    page.get_by_label("CSV or XLSX file").set_input_files(str(fixed))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("status")).to_contain_text("All 2 rows are fine.")
    page.get_by_role("button", name="Import 2 entries").click()
    expect(page.get_by_text("2 entries imported.")).to_be_visible()
    expect(page.get_by_role("link", name="Welcome desk")).to_be_visible()
    with app.app_context():
        rows = db.session.execute(
            sa.select(Commitment.title, Commitment.status).order_by(Commitment.id)
        ).all()
        assert rows == [("Welcome desk", Status.PUBLISHED), ("Data on newcomers", Status.DRAFT)]
