"""The summit sync in a real browser: the page follows the background sync by itself, holds
a feed that drops most of the summit, and applies it once the organiser confirms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.jobs import run_queued_sync_jobs
from forum.agenda.gfmd.reconcile import sync_gfmd
from forum.agenda.models import SessionStatus
from forum.extensions import db
from tests import factories
from tests.browser.test_agenda_journey import sign_in_organiser
from tests.gfmd_helpers import NOW, demo_feed_keeping, summit_sessions

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


def test_a_held_sync_is_followed_previewed_and_confirmed_in_the_browser(app, new_page, tmp_path):
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        sync_gfmd(edition, str(demo_feed_path()), now=NOW)
        edition.gfmd_agenda_source = demo_feed_keeping(1, tmp_path)  # the feed broke
        db.session.commit()
    app.config["GFMD_SYNC_JOBS_IN_THREAD"] = False  # the test plays the worker
    try:
        page: Page = new_page()
        sign_in_organiser(page)
        page.goto("/admin/agenda/sync")
        page.get_by_role("button", name="Sync now").click()
        expect(page.get_by_text("Waiting to start")).to_be_visible()
        _worker_round(app)
        # No reload by hand: the page's script follows the job until it stops.
        expect(page.get_by_role("heading", name="Confirm the cancellations")).to_be_visible()
        expect(page.get_by_text("This sync would cancel 30 of the 31 scheduled")).to_be_visible()
        page.get_by_role("button", name="Confirm: apply this sync").click()
        expect(page.get_by_text("Waiting to start")).to_be_visible()
        _worker_round(app)
        expect(
            page.get_by_text("Summit agenda synced: 0 added, 0 updated, 30 cancelled, 1 unchanged.")
        ).to_be_visible()
    finally:
        app.config["GFMD_SYNC_JOBS_IN_THREAD"] = True
    with app.app_context():
        statuses = [session.status for session in summit_sessions()]
        assert statuses.count(SessionStatus.CANCELLED) == 30
        assert db.session.scalar(sa.select(sa.func.count()).select_from(sa.text("gfmd_syncs"))) == 2


def _worker_round(app) -> None:
    """What one round of `flask forum worker` does for summit syncs."""
    with app.app_context():
        assert run_queued_sync_jobs() == 1
        db.session.remove()
