"""A delegate picking a session on a phone sees what happened beside that session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from flask import Flask

from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EARLY, LATE = "Cities and jobs", "Housing for all residents"


def test_the_overlap_warning_shows_at_the_picked_session_not_off_screen(
    app: Flask, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        room = helpers.room(edition)
        # Sessions enough to push the picked ones well below the top of a phone's screen.
        for hour in range(8, 14):
            helpers.session(edition, f"Plenary {hour}", f"{hour:02}:00", f"{hour:02}:50", room=room)
        helpers.session(edition, EARLY, "15:00", "16:30", room=room)
        helpers.session(edition, LATE, "16:00", "17:00", room=room)
        registration = factories.registration(
            edition, "mayor@example.org", RegistrationStatus.APPROVED
        )
        token = private_link_token(registration)
        db.session.commit()

    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"/r/{token}/sessions")
    page.get_by_role("button", name=f"Add to my programme {EARLY}").click()
    page.get_by_role("button", name=f"Add to my programme {LATE}").click()

    card = page.locator("article.session", has_text=LATE)
    warning = card.locator(".flash-warning")
    expect(warning).to_have_text(f"It overlaps “{EARLY}”, which you also picked.")
    expect(warning).to_be_in_viewport()
    expect(card.locator(".flash-success")).to_have_text(f"“{LATE}” is in your programme.")
    expect(page.locator(".flashes")).to_have_count(1)  # said once, beside the session

    page.reload()  # the messages were for that moment
    expect(page.locator(".flashes")).to_have_count(0)
