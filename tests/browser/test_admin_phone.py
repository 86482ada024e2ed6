"""The organisers' registration list on a phone (390 by 844): readable, no sideways scroll,
no word broken in the middle, the menu behind a button, a page of sensible height."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from forum.demo import DEMO_LOGINS, seed_demo
from forum.extensions import db

PHONE = {"width": 390, "height": 844}

# Every word of every cell of the list, and whether the browser laid it out on two lines.
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('table'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


@pytest.fixture
def phone(app: Flask, browser: Browser, live_server: str) -> Iterator[Page]:
    """The demo edition's organiser signed in on a phone-sized page."""
    with app.app_context():
        seed_demo(delegates=50)
        db.session.commit()
    context = browser.new_context(base_url=live_server, viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto("/login")
    form = page.get_by_role("region", name="Organisers and staff").locator("form")
    email, password = DEMO_LOGINS["organiser"]
    form.get_by_label("E-mail address", exact=True).fill(email)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Sign in").click()
    yield page
    context.close()


def test_the_registration_list_reads_on_a_phone(phone: Page, tmp_path):
    phone.goto("/admin/registrations/")
    expect(phone.get_by_role("heading", name="Registrations")).to_be_visible()
    if os.environ.get("FORUM_SCREENSHOTS"):
        phone.screenshot(path=os.environ["FORUM_SCREENSHOTS"], full_page=True)
    width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], "the page scrolls sideways"
    assert phone.evaluate(BROKEN_WORDS) == []
    height = phone.evaluate("() => document.documentElement.scrollHeight")
    assert height < 12_000, f"the list of 50 is {height}px tall"


def test_the_menu_folds_behind_a_button_on_a_phone(phone: Page):
    phone.goto("/admin/registrations/")
    menu = phone.get_by_role("navigation", name="Main")
    agenda = menu.get_by_role("link", name="Agenda")
    expect(agenda).to_be_hidden()
    header = phone.locator(".site-header").bounding_box()
    assert header is not None and header["height"] < 120, "the header wraps onto many lines"
    phone.get_by_text("Menu", exact=True).click()
    expect(agenda).to_be_visible()
    agenda.click()
    expect(phone).to_have_url("/admin/agenda/")


def test_the_menu_is_a_plain_list_on_a_wide_screen(phone: Page):
    phone.set_viewport_size({"width": 1280, "height": 800})
    phone.goto("/admin/registrations/")
    expect(phone.get_by_text("Menu", exact=True)).to_be_hidden()
    menu = phone.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Agenda")).to_be_visible()


@pytest.mark.parametrize(
    "path", ["/admin/agenda/", "/admin/declaration/", "/admin/visas/", "/admin/commitments/"]
)
def test_no_organiser_page_scrolls_sideways_on_a_phone(phone: Page, path: str):
    phone.goto(path)
    width = phone.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{path} scrolls sideways"
