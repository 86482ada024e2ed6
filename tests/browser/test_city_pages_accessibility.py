"""The city page, the list's edition and region filters and a past edition's page pass
axe-core with no serious or critical finding (the pages the full walk adds, on their own)."""

from __future__ import annotations

import json

import pytest

from tests.browser.pages import city_pages
from tests.browser.test_accessibility import _violations, _visit, demo, open_context

pytestmark = pytest.mark.browser
__all__ = ["demo", "open_context"]  # the fixtures this test uses


def test_the_city_page_and_the_archive_have_no_serious_accessibility_finding(
    app, demo, open_context
):
    page = open_context()
    findings = {}
    with app.app_context():
        urls = city_pages()
    for url in urls:
        landed = _visit(page, url)
        assert landed is not None and not landed.startswith("error"), (url, landed)
        if violations := _violations(page):
            findings[url] = violations
    assert page.locator("h1").count() == 1
    assert findings == {}, json.dumps(findings, indent=2, ensure_ascii=False)
