"""Every page, as each role sees it, passes axe-core with no serious or critical finding.

The demo data fills the pages; each role gets one browser context, and each distinct page
is checked once per role (anonymous visitors meet the sign-in page behind many links).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Error as PlaywrightError

from forum.agenda.models import Room, Session, SessionSource, Theme
from forum.auth.services import magic_link_token
from forum.demo import DEMO_LOGINS, seed_demo
from forum.editions.services import current_edition
from forum.endorsements.models import Declaration
from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import Registration, RegistrationStatus
from tests.badges.helpers import finished_job
from tests.browser.conftest import TIMEOUT_MS
from tests.gfmd_helpers import finished_sync_job

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
# JSON, files and redirects-only endpoints: nothing for a screen reader to read.
NOT_PAGES = {"static", "main.favicon", "main.set_language", "api.openapi", "badges_admin.download"}
FILE_SUFFIXES = (".ics", ".pdf", ".csv", ".json", ".xlsx")
ASSET_TYPES = {"stylesheet", "script", "image", "font", "manifest"}
RUN_AXE = """async (levels) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((v) => levels.includes(v.impact)).map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}"""


@dataclass
class Demo:
    """The demo data's handles: values for URL arguments, and a few private links."""

    arguments: dict[str, object]
    delegate_email: str
    magic_token: str
    extra_pages: list[str] = field(default_factory=list)


def _first_id(model: type, *where: object) -> int:
    found = db.session.scalar(sa.select(model.id).where(*where).order_by(model.id))  # type: ignore[attr-defined]
    assert found is not None, model
    return int(found)


def _seed(tmp_path: Path) -> Demo:
    seed_demo(delegates=12)
    edition = current_edition()
    assert edition is not None
    approved = db.session.scalars(
        sa.select(Registration)
        .where(Registration.status == RegistrationStatus.APPROVED)
        .order_by(Registration.id)
    ).first()
    assert approved is not None
    unconfirmed = db.session.scalar(
        sa.select(Registration).where(Registration.email_confirmed_at.is_(None))
    )
    theme_slug = db.session.scalar(sa.select(Theme.slug).order_by(Theme.id))
    forum_session = _first_id(Session, Session.source == SessionSource.FORUM)
    demo = Demo(
        arguments={
            "token": private_link_token(approved),
            "registration_id": approved.id,
            "session_id": forum_session,
            "theme_id": _first_id(Theme),
            "room_id": _first_id(Room),
            "slug": theme_slug,
            "job_id": finished_job(edition, tmp_path).id,
            "sync_job_id": finished_sync_job(edition),
            "declaration_id": _first_id(Declaration),
            "secret": approved.calendar_secret,
            "lang": "en",
            "number": edition.number,
        },
        delegate_email=approved.user.email,
        magic_token=magic_link_token(approved.user),
        extra_pages=["/agenda?view=combined", "/no-such-page"],
    )
    if unconfirmed is not None:
        demo.extra_pages.append(f"/r/{private_link_token(unconfirmed)}")
    db.session.commit()
    return demo


def _urls(app: Flask, demo: Demo) -> list[str]:
    """Every GET rule the demo can fill, then the extra pages."""
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in (rule.methods or ()) or rule.endpoint in NOT_PAGES:
            continue
        if rule.rule.startswith("/api/") or rule.rule.endswith(FILE_SUFFIXES):
            continue
        if not set(rule.arguments) <= set(demo.arguments):
            continue
        values = {name: demo.arguments[name] for name in rule.arguments}
        if rule.endpoint == "auth.redeem":
            values["token"] = demo.magic_token  # shows its button; only a POST spends it
        urls.append(adapter.build(rule.endpoint, values))
    return urls + demo.extra_pages


def _visit(page: Page, url: str) -> str | None:
    """Open ``url``; what the page is (its address, or its error), None when it is a file."""
    try:
        response = page.goto(url)
    except PlaywrightError:  # a download, not a page
        return None
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return None
    page.wait_for_load_state("load")
    return f"error {response.status}" if response.status >= 400 else page.url.split("#")[0]


def _violations(page: Page) -> list[dict[str, object]]:
    """axe's serious and critical findings on the open page."""
    page.add_script_tag(path=str(AXE))
    return list(page.evaluate(RUN_AXE, list(SERIOUS)))


def _wanted(role: str, url: str) -> bool:
    """The pages worth a role's visit: what this role sees differently from the others (the
    rest of the public pages look the same to everyone, bar the menu checked on ``/``)."""
    own = url.startswith(("/admin", "/scan", "/endorse-desk", "/account/two-factor"))
    private = url.startswith(("/r/", "/account")) and not own
    shown_to_members = url == "/" or url.startswith(("/declaration/", "/agenda/sessions/"))
    if role == "anonymous":
        return not private and (not own or url == "/admin/")  # one sign-in page is enough
    if role == "delegate":
        return private or shown_to_members
    return own or url == "/"


@pytest.fixture
def demo(app: Flask, tmp_path: Path) -> Demo:
    with app.app_context():
        return _seed(tmp_path)


@pytest.fixture
def open_context(browser: Browser, live_server: str) -> Iterator[object]:
    contexts: list[BrowserContext] = []

    def new() -> Page:
        # axe is injected as a script tag: the page's CSP (script-src 'self') would refuse it.
        context = browser.new_context(base_url=live_server, locale="en-GB", bypass_csp=True)
        context.set_default_timeout(TIMEOUT_MS * 2)
        contexts.append(context)
        return context.new_page()

    yield new
    for context in contexts:
        context.close()


def _sign_in(page: Page, role: str, demo: Demo) -> None:
    if role == "anonymous":
        return
    if role == "delegate":
        page.goto(f"/login/magic/{demo.magic_token}")
        page.locator("main form button[type=submit]").click()
    else:
        email, password = DEMO_LOGINS[role]
        page.goto("/login")
        form = page.get_by_role("region", name="Organisers and staff").locator("form")
        form.get_by_label("E-mail address", exact=True).fill(email)
        form.get_by_label("Password", exact=True).fill(password)
        form.get_by_role("button", name="Sign in").click()
    page.locator("form[action='/logout']").wait_for()  # in the account's language


def test_every_page_has_no_serious_accessibility_finding(app, demo, open_context):
    assert AXE.exists(), "run `npm ci`: axe-core comes from package.json"
    urls = _urls(app, demo)
    findings: dict[str, list[dict[str, object]]] = {}
    checked: list[str] = []
    broken: set[str] = set()  # styles, scripts, images and icons the pages ask for in vain
    for role in ("anonymous", "delegate", "staff", "organiser"):
        page = open_context()  # type: ignore[operator]
        page.on(
            "response",
            lambda r: (
                broken.add(r.url)
                if r.status >= 400 and r.request.resource_type in ASSET_TYPES
                else None
            ),
        )
        _sign_in(page, role, demo)
        seen: set[str] = set()
        for url in (u for u in urls if _wanted(role, u)):
            landed = _visit(page, url)
            if landed is None or landed in seen:
                continue
            seen.add(landed)
            checked.append(f"{role} {url}")
            if violations := _violations(page):
                findings[f"{role} {url} (at {landed})"] = violations
    assert len(checked) > 40, checked
    assert "delegate /r/<token>/sessions" in {
        c.replace(str(demo.arguments["token"]), "<token>") for c in checked
    }
    assert findings == {}, json.dumps(findings, indent=2, ensure_ascii=False)
    assert broken == set()


def test_the_icon_the_pages_name_and_the_one_browsers_guess_both_load(new_page):
    page = new_page()
    page.goto("/")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon is not None
    assert page.request.get(icon).headers["content-type"].startswith("image/svg+xml")
    guessed = page.request.get("/favicon.ico")  # follows the redirect
    assert guessed.ok and guessed.headers["content-type"].startswith("image/svg+xml")
