"""Badge batches in a real browser: the page follows the batch, and the organiser marks it
printed once it is printed; other layouts still count the badges as not printed."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from forum.badges.jobs import run_queued_jobs
from forum.extensions import db
from tests import factories
from tests.badges.helpers import approved
from tests.browser.test_agenda_journey import sign_in_organiser

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_a_card_batch_is_made_then_marked_printed_for_cards_only(app, new_page, tmp_path):
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        for n in range(3):
            approved(edition, f"d{n}@example.org", ("Delegate", f"N{n}"))
        db.session.commit()
    app.config.update(BADGE_JOBS_IN_THREAD=False, BADGE_JOB_DIR=str(tmp_path))  # we are the worker
    try:
        page: Page = new_page()
        sign_in_organiser(page)
        page.goto("/admin/badges/")
        page.get_by_label("Layout").select_option("card")
        page.get_by_role("button", name="Make the PDF").click()
        expect(page.get_by_text("Waiting to start")).to_be_visible()
        with app.app_context():
            assert run_queued_jobs() == 1
            db.session.remove()
        # No reload by hand: the page's script follows the batch until it is done.
        expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
        page.get_by_role("button", name="Mark these 3 badges as printed").click()
        expect(
            page.get_by_text("The batch's badges are marked printed on its layout.")
        ).to_be_visible()
        expect(page.locator(".callout").filter(has_text="Marked printed on")).to_contain_text(
            f"by {factories.ORGANISER[0]}"
        )
        expect(page.get_by_role("button", name="Mark these 3 badges as printed")).to_have_count(0)
        page.goto("/admin/badges/")
        counts = page.get_by_role("list").filter(has_text="Cards (85.6 × 54 mm)")
        expect(counts.get_by_role("listitem").filter(has_text="Cards")).to_contain_text("0")
        expect(counts.get_by_role("listitem").filter(has_text="A4 sheets")).to_contain_text("3")
    finally:
        app.config.update(BADGE_JOBS_IN_THREAD=True)
        app.config.pop("BADGE_JOB_DIR", None)
