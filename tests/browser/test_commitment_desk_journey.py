"""The Call to Local Action's two steps in one visit, in a real browser: a mayor endorses at
the desk, the desk records the city's action, and an organiser publishes it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from flask import Flask

from forum.extensions import db
from tests import factories
from tests.agenda import helpers as agenda
from tests.browser.test_accessibility import AXE, RUN_AXE, SERIOUS
from tests.browser.test_agenda_journey import sign_in_organiser
from tests.browser.test_endorsement_journeys import montreal, open_desk, panel
from tests.browser.test_scanner import wedge_scan

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
ACTION = "Cours de français pour les nouveaux arrivants"
__all__ = ["montreal"]  # the fixture, used by name below


def test_the_desk_records_an_action_after_the_endorsement_and_an_organiser_publishes_it(
    app: Flask, new_page: Callable[[], Page], montreal: dict
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        from forum.editions.services import current_edition

        edition = current_edition()
        assert edition is not None
        agenda.theme(edition, slug="inclusion", title="Inclusion")
        factories.organiser()
        db.session.commit()

    desk = open_desk(_axed(new_page()))
    wedge_scan(desk, montreal["mayor"].code)
    desk.get_by_role("button", name="Confirm endorsement for Montréal").click()
    expect(panel(desk)).to_have_attribute("data-status", "ok")
    desk.get_by_role("link", name="Record a commitment for Montréal").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Record a commitment for Montréal")
    assert _violations(desk) == []
    desk.get_by_label("This entry says").select_option(label="What we do")
    desk.get_by_label("Theme").select_option(label="Inclusion")
    desk.get_by_label("Title").fill(ACTION)
    desk.get_by_label("Language of this entry").select_option(label="Français")
    desk.get_by_label("Contact person").select_option(label="Valérie Plante")
    desk.get_by_role("button", name="Record the commitment").click()
    expect(desk.get_by_text("Recorded for Montréal: organisers publish it.")).to_be_visible()
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Endorsement desk")

    organiser = _axed(new_page())
    sign_in_organiser(organiser)
    organiser.goto("/admin/commitments/?status=submitted")
    organiser.get_by_role("link", name=ACTION).click()
    organiser.get_by_role("button", name="Publish").click()
    expect(organiser.get_by_text("The entry is published.")).to_be_visible()
    organiser.goto("/commitments")
    expect(organiser.get_by_role("link", name=ACTION)).to_be_visible()

    # A year on, the organisers ask the city how far it has come; the city answers.
    organiser.goto("/admin/commitments/")
    organiser.get_by_role("link", name="Ask for progress updates").click()
    expect(organiser.locator("#ask-preview")).to_contain_text("1 e-mail would be sent")
    assert _violations(organiser) == []
    organiser.get_by_role("button", name="Confirm and send the requests").click()
    expect(organiser.get_by_text("1 city asked.")).to_be_visible()
    city = _axed(new_page())
    city.goto(_update_link(app))
    expect(city.get_by_role("heading", name=ACTION)).to_be_visible()
    assert _violations(city) == []
    city.get_by_label("Progress").select_option(label="In progress")
    city.get_by_label("Percent done (optional)").fill("30")
    city.get_by_role("button", name="Record the update").click()
    expect(city.get_by_text("Thank you: the progress update is recorded.")).to_be_visible()


def _axed(page: Page) -> Page:
    """The page with axe-core loaded on every document (an init script: the CSP allows no
    inline script)."""
    page.add_init_script(path=str(AXE))
    return page


def _violations(page: Page) -> list[object]:
    """axe's serious and critical findings on the open page."""
    return list(page.evaluate(RUN_AXE, list(SERIOUS)))


def _update_link(app: Flask) -> str:
    """The path of the link in the e-mail the city was sent."""
    import re

    import sqlalchemy as sa

    from forum.mail.models import OutboxEmail

    with app.app_context():
        body = db.session.scalars(
            sa.select(OutboxEmail.body_text).where(
                OutboxEmail.template == "commitment_progress_request"
            )
        ).one()
    match = re.search(r"https?://[^/\s]+(/commitments/update/\S+)", body)
    assert match, body
    return match.group(1)
