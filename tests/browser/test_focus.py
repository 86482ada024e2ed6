"""Keyboard focus shows on every control of the page header, the phone's menu button too."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from flask import Flask

from forum.extensions import db
from tests import factories

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

FOCUS = "rgb(255, 191, 71)"  # --focus: the yellow ring, seen on the dark header
OUTLINE = "e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineColor]"


def test_the_phone_menu_button_shows_the_focus_ring(app: Flask, new_page: Callable[[], Page]):
    from playwright.sync_api import expect

    with app.app_context():
        factories.edition()
        db.session.commit()
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    menu = page.locator(".site-menu > summary")
    for _ in range(5):  # the skip link, the site's name, then the menu
        page.keyboard.press("Tab")
        if menu.evaluate("e => e === document.activeElement"):
            break
    expect(menu).to_be_focused()
    assert menu.evaluate(OUTLINE) == ["solid", FOCUS]
