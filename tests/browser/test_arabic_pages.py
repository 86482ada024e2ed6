"""Every public and delegate page in Arabic, on a phone: right to left, nothing wider than the
screen, no serious axe-core finding (issue 14.1).

Screenshots of every page are kept in tests/artifacts/arabic/ (ignored by git) to look at.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.editions.models import Edition
from forum.endorsements.models import Declaration, Endorsement, EndorsementMethod
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_accessibility import (
    AXE,
    Demo,
    _seed,
    _sign_in,
    _urls,
    _violations,
    _visit,
    _wanted,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts" / "arabic"
PHONE = {"width": 390, "height": 844}
PAGE_FACTS = """() => ({
  lang: document.documentElement.lang,
  dir: document.documentElement.dir,
  width: document.documentElement.scrollWidth,
  direction: getComputedStyle(document.body).direction,
})"""


@pytest.fixture
def demo(app: Flask, tmp_path: Path) -> Demo:
    """The demo, with the delegate whose private links are opened writing in Arabic."""
    with app.app_context():
        seeded = _seed(tmp_path)
        for registration in db.session.scalars(sa.select(Registration)):
            registration.user.preferred_locale = "ar"
        db.session.commit()
        return seeded


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    # axe is injected as a script tag: the page's CSP (script-src 'self') would refuse it.
    context = browser.new_context(
        base_url=live_server, locale="en-GB", viewport=PHONE, bypass_csp=True
    )
    context.set_default_timeout(TIMEOUT_MS * 2)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield context.new_page()
    context.close()


def _facts_wrong(page: Page) -> dict[str, object]:
    """What keeps the open page from being Arabic, right to left, phone-wide and axe-clean."""
    facts = page.evaluate(PAGE_FACTS)
    wrong: dict[str, object] = {k: v for k, v in facts.items() if v not in ("ar", "rtl")}
    if wrong.pop("width") <= PHONE["width"] and not wrong:
        return {"axe": found} if (found := _violations(page)) else {}
    return {**wrong, "width": facts["width"]}


def _shot_name(url: str, token: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url.replace(token, "token").lower()).strip("-") or "home"


def test_every_public_page_in_arabic_is_right_to_left_and_fits_a_phone(app, demo, phone):
    assert AXE.exists(), "run `npm ci`: axe-core comes from package.json"
    for old in ARTIFACTS.glob("*.png"):  # this run's pages only
        old.unlink()
    token = str(demo.arguments["token"])
    phone.goto("/lang/ar")  # the language switcher's link, as a visitor would pick it
    urls = [u for u in _urls(app, demo) if _wanted("anonymous", u) or u.startswith("/r/")]
    problems: dict[str, object] = {}
    seen: set[str] = set()
    for url in (u for u in urls if not u.startswith("/admin")):
        landed = _visit(phone, url)
        if landed is None or landed in seen:
            continue
        seen.add(landed)
        phone.screenshot(path=str(ARTIFACTS / f"{_shot_name(url, token)}.png"), full_page=True)
        if wrong := _facts_wrong(phone):
            problems[url] = wrong
    assert len(seen) > 15, sorted(seen)
    assert {"/", f"/r/{token}", f"/r/{token}/sessions", "/agenda", "/commitments"} <= {
        re.sub(r"^http://[^/]+", "", s) for s in seen
    }
    assert problems == {}, json.dumps(problems, indent=2, ensure_ascii=False)


def test_the_menu_and_back_arrows_mirror_in_arabic(demo, phone):
    phone.goto("/lang/ar")
    phone.goto("/agenda/themes/" + str(demo.arguments["slug"]))
    arrow = phone.locator("main .arrow").first
    assert arrow.evaluate("e => getComputedStyle(e).transform") == "matrix(-1, 0, 0, 1, 0, 0)"
    # The back link starts the line, on the right in Arabic.
    box, main = arrow.bounding_box(), phone.locator("main").bounding_box()
    assert box and main and box["x"] > main["x"] + main["width"] / 2
    assert phone.get_by_role("link", name="العربية").get_attribute("aria-current") == "true"


def _endorse_one_more(app: Flask) -> int:
    """One more city endorses the current declaration; how many have now."""
    with app.app_context():
        current = db.session.scalars(sa.select(Edition).where(Edition.is_current)).one()
        declaration = db.session.scalars(
            sa.select(Declaration).where(Declaration.edition_id == current.id)
        ).one()
        signed = sa.select(Endorsement.city_id).where(Endorsement.declaration_id == declaration.id)
        delegate = db.session.scalars(
            sa.select(Registration).where(
                Registration.edition_id == current.id,
                Registration.status == RegistrationStatus.APPROVED,
                Registration.city_id.not_in(signed),
            )
        ).first()
        assert delegate is not None
        db.session.add(
            Endorsement(
                declaration=declaration,
                city_id=delegate.city_id,
                registration=delegate,
                signatory_name=delegate.full_name,
                signatory_title=delegate.position_title,
                method=EndorsementMethod.ON_SITE,
                endorsed_at=datetime.now(UTC),
            )
        )
        db.session.commit()
        return len(db.session.scalars(signed).all())


def test_the_wall_counts_in_arabic_plural_forms_as_it_updates(app, demo, phone):
    from playwright.sync_api import expect

    phone.goto("/lang/ar")
    phone.goto("/declaration/wall")
    count = int(phone.locator("[data-count]").inner_text())
    assert count == 2  # the demo's two cities: Arabic's dual, from the server
    label = phone.locator("[data-count-label]")
    expect(label).to_have_text("حكومتان محليتان أو إقليميتان حتى الآن")
    assert _endorse_one_more(app) == 3
    expect(phone.locator("[data-count]")).to_have_text("3", timeout=8_000)
    # Three to ten take the plural (the script's own choice, by Intl.PluralRules for "ar").
    expect(label).to_have_text("حكومات محلية وإقليمية حتى الآن")


def test_the_scanner_and_the_desk_speak_arabic_right_to_left(demo, phone):
    from playwright.sync_api import expect

    _sign_in(phone, "staff", demo)  # the sign-in form in English, then Arabic from the switcher
    phone.goto("/lang/ar?next=/scan")
    expect(phone.locator("#scanner-roster")).to_contain_text("القائمة غير المتصلة:")
    phone.keyboard.type("NOT-A-BADGE")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status", name="نتيجة المسح")).to_contain_text("شارة غير معروفة")
    phone.screenshot(path=str(ARTIFACTS / "scan.png"), full_page=True)
    problems = {"/scan": _facts_wrong(phone)}
    phone.goto("/endorse-desk")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("مكتب التأييد")
    phone.screenshot(path=str(ARTIFACTS / "endorse-desk.png"), full_page=True)
    problems["/endorse-desk"] = _facts_wrong(phone)
    assert problems == {"/scan": {}, "/endorse-desk": {}}, problems
