"""Spanish labels run longer than English ones: the delegate's pages still fit a phone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from flask import Flask

from forum.extensions import db
from forum.registration.links import private_link_token
from tests import factories
from tests.commitments import helpers

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WIDTH = "() => document.documentElement.scrollWidth"


def test_the_private_page_and_an_entry_in_spanish_fit_a_phone(
    app: Flask, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        unconfirmed = factories.registration(edition, "lucia@example.org", confirmed=False)
        delegate = helpers.delegate(edition)
        entry_id = helpers.entry(edition, delegate).id
        unconfirmed_token, token = private_link_token(unconfirmed), private_link_token(delegate)
        db.session.commit()

    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto("/lang/es")
    page.goto(f"/r/{unconfirmed_token}")
    expect(page.locator(".summary .status")).to_have_text("Confirme su correo electrónico")
    assert page.evaluate(WIDTH) <= PHONE["width"]

    page.goto(f"/r/{token}/commitments/{entry_id}")
    expect(page.locator(".summary")).to_contain_text(
        "Objetivos del Pacto Mundial para la Migración"
    )
    assert page.evaluate(WIDTH) <= PHONE["width"]
    # The values keep a readable column beside their labels.
    value = page.locator(".summary dd").first.bounding_box()
    assert value is not None and value["width"] > PHONE["width"] / 3
