"""Endorsing the Mayors' Declaration in a real browser: online in French, at the desk, the wall."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext, ngettext

from forum.auth.models import Role
from forum.badges.services import issue_badge, qr_text
from forum.editions.models import Edition
from forum.endorsements.models import Declaration, Endorsement, EndorsementMethod
from forum.endorsements.services import endorse
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus
from tests import factories
from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_registration_journey import deliver_outbox, wait_for_mail
from tests.browser.test_scanner import chromium_filming, sign_in_staff, wedge_scan
from tests.conftest import Auth, csrf_token
from tests.endorsements import helpers
from tests.smtp import SmtpSink, text_body

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

OK = re.compile(r"\bscan-result-ok\b")
WARN = re.compile(r"\bscan-result-warn\b")
TIMEZONE = "Africa/Casablanca"  # the Marrakech edition's, as factories.edition() sets it


@dataclass(frozen=True)
class Signatory:
    registration_id: int
    name: str
    code: str  # the QR text on the badge


def delegate(
    edition: Edition,
    email: str,
    name: tuple[str, str],
    city: tuple[str, str],
    *,
    category: Category = Category.MAYOR,
    title: str = "Mayor",
) -> Signatory:
    """An approved delegate with a badge (call inside an app context, then commit)."""
    row = factories.registration(
        edition, email, RegistrationStatus.APPROVED, city=city, category=category
    )
    row.given_name, row.family_name = name
    row.position_title = title
    badge = issue_badge(row, now=datetime.now(UTC))
    return Signatory(row.id, f"{name[0]} {name[1]}", qr_text(badge))


@pytest.fixture
def montreal(app: Flask) -> dict[str, Signatory]:
    """An open declaration, staff, and two approved delegates of Montréal with badges."""
    with app.app_context():
        edition = factories.edition()
        helpers.declaration(edition)
        factories.staff()
        people = {
            "mayor": delegate(
                edition,
                "valerie.plante@montreal.example",
                ("Valérie", "Plante"),
                ("Montréal", "CA"),
                title="Mayor of Montréal",
            ),
            "deputy": delegate(
                edition,
                "benoit.dorais@montreal.example",
                ("Benoit", "Dorais"),
                ("Montréal", "CA"),
                category=Category.DEPUTY_MAYOR,
                title="Deputy mayor",
            ),
        }
        db.session.commit()
        return people


def endorsements(app: Flask) -> list[Endorsement]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Endorsement).order_by(Endorsement.id)).all()
        db.session.expunge_all()
        return list(rows)


def open_desk(page: Page) -> Page:
    """Signs staff in and follows the staff page's link to the endorsement desk."""
    from playwright.sync_api import expect

    sign_in_staff(page)
    page.goto("/admin/")
    page.get_by_role("link", name="Open the endorsement desk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Endorsement desk")
    expect(page.get_by_label("Badge code")).to_be_focused()
    return page


def panel(page: Page) -> Locator:
    return page.get_by_role("status", name="Signatory")


def open_wall(page: Page) -> Page:
    """The big screen, marked so that a reload would show (the mark would be gone)."""
    from playwright.sync_api import expect

    page.goto("/declaration/wall")
    expect(page.locator("[data-count]")).to_have_text("0")
    page.evaluate("window.notReloaded = true")
    return page


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.notReloaded === true"), "the wall page was reloaded"


# ---- (a) online, in French -----------------------------------------------------------


def french(app: Flask, message: str, plural: str | None = None, **values: object) -> str:
    """``message`` as the app shows it in French (English where the catalogue lacks it)."""
    with app.test_request_context(), force_locale("fr"):
        if plural is not None:
            return str(ngettext(message, plural, **values))
        return str(gettext(message, **values))


# The strings of the declaration page the French journey reads, as they stand in the
# templates and forms; see test_the_declaration_page_strings_are_translated_into_french.
CONFIRM_BOX = "I endorse this declaration on behalf of my city or region."
ENDORSE_BUTTON = "Endorse the declaration"
THANK_YOU = "Thank you: %(city)s has endorsed the declaration. A confirmation is on its way."
COUNT_ONE = "%(num)d local or regional government to date"
COUNT_MANY = "%(num)d local and regional governments to date"


def magic_link(body: str, live_server: str) -> str:
    match = re.search(r"https?://\S+/login/magic/[\w.-]+", body)
    assert match, f"no sign-in link in the e-mail:\n{body}"
    assert urlsplit(match.group(0)).netloc == urlsplit(live_server).netloc, match.group(0)
    return match.group(0)


def test_a_mayor_endorses_online_in_french(
    app: Flask, smtp: SmtpSink, live_server: str, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    email = "yvonne.aki-sawyerr@freetown.example"
    with app.app_context():
        edition = factories.edition()
        helpers.declaration(edition)
        mayor = factories.registration(edition, email, RegistrationStatus.APPROVED)
        mayor.given_name, mayor.family_name = "Yvonne", "Aki-Sawyerr"
        mayor.user.preferred_locale = "fr"
        db.session.commit()

    page = new_page()  # an English-speaking browser (en-GB)
    page.goto("/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.goto("/login")
    delegates = page.get_by_role("region", name="Délégués")
    delegates.get_by_label("Adresse électronique", exact=True).fill(email)
    delegates.get_by_role("button", name="Envoyez-moi un lien de connexion").click()
    expect(page.locator(".flashes")).to_contain_text(
        "un lien de connexion vient de vous être envoyé"
    )

    assert deliver_outbox(app) == 1
    (message,) = wait_for_mail(smtp, email, 1)
    body = text_body(message)
    assert "Me connecter" in body  # written in the account's language
    page.goto(magic_link(body, live_server))
    page.get_by_role("button", name="Me connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})  # on a phone
    page.goto("/declaration/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration des maires")
    page.get_by_label(french(app, CONFIRM_BOX), exact=True).check()
    page.get_by_role("button", name=french(app, ENDORSE_BUTTON), exact=True).click()
    thanks = page.get_by_role("region", name=french(app, "Endorse")).locator(".flashes")
    expect(thanks).to_contain_text(french(app, THANK_YOU, city="Freetown"))
    expect(thanks).to_be_in_viewport()  # where the page opens, not above the declaration
    count = french(app, COUNT_ONE, COUNT_MANY, num=1)
    expect(page.locator("#cities-heading")).to_have_text(count)
    expect(page.locator(".endorsing-cities li")).to_have_text(["Freetown (Sierra Leone)"])
    flag = page.locator(".endorsing-cities li img.flag")
    expect(flag).to_have_attribute("src", "/static/vendor/flag-icons/flags/4x3/sl.svg")
    assert flag.evaluate("img => img.naturalWidth > 0")

    (row,) = endorsements(app)
    assert (row.method, row.signatory_name) == (EndorsementMethod.ONLINE, "Yvonne Aki-Sawyerr")


def test_the_declaration_page_strings_are_translated_into_french(app: Flask) -> None:
    untranslated = [
        message
        for message in (CONFIRM_BOX, ENDORSE_BUTTON, THANK_YOU)
        if french(app, message) == message
    ]
    if french(app, COUNT_ONE, COUNT_MANY, num=1) == COUNT_ONE % {"num": 1}:
        untranslated.append(COUNT_ONE)
    assert untranslated == []


# ---- (b) at the desk, and the wall ---------------------------------------------------


def test_a_mayor_endorses_at_the_desk_and_the_wall_shows_it(
    app: Flask, montreal: dict[str, Signatory], new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    wall = open_wall(new_page())  # anonymous, in a browser context of its own
    desk = open_desk(new_page())
    mayor = montreal["mayor"]

    wedge_scan(desk, mayor.code)
    result = panel(desk)
    expect(result).to_have_class(OK)
    expect(result).to_have_attribute("data-status", "eligible")
    expect(result.locator("[data-field=status]")).to_have_text("May sign")
    expect(result.locator("[data-field=name]")).to_have_text("Valérie Plante")
    expect(result.locator("[data-field=place]")).to_have_text("Montréal, Canada")
    flag = result.locator("img.flag")  # a vendored SVG, not an emoji that Windows shows as boxes
    expect(flag).to_have_attribute("src", "/static/vendor/flag-icons/flags/4x3/ca.svg")
    expect(flag).to_be_visible()
    assert flag.evaluate("img => img.naturalWidth > 0")
    expect(result.locator("[data-field=title]")).to_have_text("Mayor of Montréal · Mayor")
    expect(result.locator("[data-field=reason]")).to_have_text(
        "May sign the declaration for Montréal."
    )
    title = desk.get_by_label("Title, as it will appear with the endorsement")
    expect(title).to_have_value("Mayor of Montréal")
    title.fill("Mayor of Montréal and President of the Communauté métropolitaine")
    assert endorsements(app) == []  # the preview writes nothing

    started = time.monotonic()
    desk.get_by_role("button", name="Confirm endorsement for Montréal").click()
    expect(result).to_have_attribute("data-status", "ok")
    expect(result.locator("[data-field=status]")).to_have_text("Endorsed")
    expect(result.locator("[data-field=reason]")).to_have_text(
        "Montréal has endorsed the declaration. Thank you!"
    )
    expect(desk.get_by_role("button", name="Confirm endorsement for Montréal")).to_be_hidden()

    expect(wall.locator(".wall-list .wall-city")).to_have_text(["Montréal"], timeout=5_000)
    expect(wall.locator("[data-count]")).to_have_text("1", timeout=5_000)
    elapsed = time.monotonic() - started
    print(f"desk confirmation to the wall showing the city: {elapsed:.2f} s")  # shown with -s
    assert elapsed < 5, elapsed
    assert_not_reloaded(wall)

    (row,) = endorsements(app)
    assert (row.method, row.signatory_name, row.signatory_title, row.registration_id) == (
        EndorsementMethod.ON_SITE,
        "Valérie Plante",
        "Mayor of Montréal and President of the Communauté métropolitaine",
        mayor.registration_id,
    )


def test_a_second_delegate_of_the_city_hears_who_endorsed_and_when(
    app: Flask, montreal: dict[str, Signatory], new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    desk = open_desk(new_page())
    wedge_scan(desk, montreal["mayor"].code)
    desk.get_by_role("button", name="Confirm endorsement for Montréal").click()
    expect(panel(desk)).to_have_attribute("data-status", "ok")

    desk.get_by_role("button", name="Next signatory").click()
    expect(panel(desk).locator("[data-field=status]")).to_have_text("Scan the signatory’s badge")
    expect(desk.get_by_role("button", name="Next signatory")).to_be_hidden()
    expect(desk.get_by_label("Badge code")).to_be_focused()

    wedge_scan(desk, montreal["deputy"].code)
    result = panel(desk)
    expect(result).to_have_class(WARN)
    expect(result).to_have_attribute("data-status", "already_endorsed")
    expect(result.locator("[data-field=status]")).to_have_text("Already endorsed")
    expect(result.locator("[data-field=name]")).to_have_text("Benoit Dorais")
    (row,) = endorsements(app)
    # The date as the page's language writes it, in the edition's time zone.
    date = desk.evaluate(
        """([iso, zone]) => new Intl.DateTimeFormat(document.documentElement.lang, {
             dateStyle: "long", timeStyle: "short", timeZone: zone
           }).format(new Date(iso))""",
        [row.endorsed_at.isoformat(), TIMEZONE],
    )
    assert str(row.endorsed_at.year) in date
    expect(result.locator("[data-field=reason]")).to_have_text(
        f"Already endorsed by Valérie Plante on {date}."
    )
    expect(desk.locator("#desk-confirm")).to_be_hidden()
    assert len(endorsements(app)) == 1


def test_a_lost_answer_is_retried_with_the_same_nonce_and_counts_once(
    app: Flask, montreal: dict[str, Signatory], new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import Route, expect

    desk = open_desk(new_page())
    wedge_scan(desk, montreal["mayor"].code)
    confirm = desk.get_by_role("button", name="Confirm endorsement for Montréal")
    expect(confirm).to_be_enabled()

    nonces: list[str] = []

    def lose_the_answer(route: Route) -> None:
        """The server records the endorsement, but its answer never reaches the tablet."""
        nonces.append((route.request.post_data_json or {})["nonce"])
        route.fetch()
        route.abort("connectionreset")

    desk.route("**/api/v1/endorsements", lose_the_answer)
    confirm.click()
    expect(desk.get_by_role("alert")).to_contain_text("Press the button again")
    expect(confirm).to_be_enabled()
    assert len(endorsements(app)) == 1
    desk.unroute("**/api/v1/endorsements")

    with desk.expect_request("**/api/v1/endorsements") as retry:
        confirm.click()
    expect(panel(desk)).to_have_attribute("data-status", "ok")
    assert (retry.value.post_data_json or {})["nonce"] == nonces[0]
    assert len(endorsements(app)) == 1


# ---- the wall survives a network blip ------------------------------------------------


def test_the_wall_catches_up_after_a_network_blip(
    app: Flask, montreal: dict[str, Signatory], new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    wall = open_wall(new_page())
    wall.context.set_offline(True)
    went_offline = time.monotonic()
    with app.app_context():
        declaration = db.session.scalars(sa.select(Declaration)).one()
        mayor = db.session.get(Registration, montreal["mayor"].registration_id)
        assert mayor is not None
        endorse(
            declaration,
            mayor,
            method=EndorsementMethod.ON_SITE,
            name=montreal["mayor"].name,
            title="Mayor of Montréal",
            now=datetime.now(UTC),
        )
        db.session.commit()
    # A poll fails while offline (the wall shows it is waiting), and nothing is drawn.
    expect(wall.locator("[data-state]")).to_have_text("…", timeout=4_000)
    wall.wait_for_timeout(max(0, 4_000 - 1_000 * (time.monotonic() - went_offline)))
    expect(wall.locator("[data-count]")).to_have_text("0")
    wall.context.set_offline(False)
    back_online = time.monotonic()

    expect(wall.locator(".wall-list .wall-city")).to_have_text(["Montréal"], timeout=10_000)
    print(f"wall caught up {time.monotonic() - back_online:.2f} s after the network returned")
    expect(wall.locator("[data-count]")).to_have_text("1")
    expect(wall.locator("[data-state]")).to_have_text("")
    assert_not_reloaded(wall)


# ---- camera, layout, access ----------------------------------------------------------


@pytest.fixture
def camera_browser(
    browser: Browser, tmp_path: Path, montreal: dict[str, Signatory]
) -> Iterator[Browser]:
    """A second Chromium whose camera films the mayor's badge."""
    with chromium_filming(browser, tmp_path / "badge.y4m", montreal["mayor"].code) as chromium:
        yield chromium


def test_the_desk_camera_reads_the_badge_once(
    app: Flask, montreal: dict[str, Signatory], camera_browser: Browser, live_server: str
) -> None:
    from playwright.sync_api import expect

    context = camera_browser.new_context(
        base_url=live_server, locale="en-GB", permissions=["camera"]
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        desk = open_desk(context.new_page())
        desk.get_by_role("button", name="Start camera").click()
        expect(desk.get_by_role("button", name="Stop camera")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(panel(desk)).to_have_attribute("data-status", "eligible", timeout=10_000)
        expect(panel(desk).locator("[data-field=name]")).to_have_text("Valérie Plante")
        desk.wait_for_timeout(1_000)  # the badge stays in view: still one look-up
        assert panel(desk).get_attribute("data-answers") == "1"
        desk.get_by_role("button", name="Confirm endorsement for Montréal").click()
        expect(panel(desk)).to_have_attribute("data-status", "ok")
        desk.get_by_role("button", name="Stop camera").click()
        expect(desk.locator("#desk-video")).to_be_hidden()
    finally:
        context.close()
    assert [row.method for row in endorsements(app)] == [EndorsementMethod.ON_SITE]


@pytest.mark.parametrize(("width", "height"), [(768, 1024), (390, 844)])
def test_the_desk_fits_a_tablet_and_a_phone(
    montreal: dict[str, Signatory], new_page: Callable[[], Page], width: int, height: int
) -> None:
    from playwright.sync_api import expect

    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    sign_in_staff(page)
    page.get_by_text("Menu", exact=True).click()  # below a laptop's width the menu folds
    page.get_by_role("link", name="Endorsement desk", exact=True).click()  # the header's staff link
    page.wait_for_load_state()  # the desk's modules have run: its scanner field listens
    page.get_by_label("Badge code").focus()
    wedge_scan(page, montreal["mayor"].code)
    confirm = page.get_by_role("button", name="Confirm endorsement for Montréal")
    expect(confirm).to_be_visible()
    box = confirm.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert box["height"] >= 60, box  # a target a hurried thumb cannot miss
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for label in ("Badge code", "Title, as it will appear with the endorsement"):
        expect(page.get_by_label(label, exact=True)).to_be_visible()
    expect(panel(page)).to_have_attribute("aria-live", "polite")
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('#desk input, #desk select')]
             .filter(c => !c.labels || c.labels.length === 0).map(c => c.id)"""
    )
    assert unlabelled == []
    html = page.request.get("/endorse-desk").text()  # CSP: script-src 'self', style-src 'self'
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html


def test_only_staff_open_the_desk(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        factories.edition()
        factories.user("delegate@dakar.example", Role.DELEGATE, "delegate-password-1")
        factories.staff()
        db.session.commit()
    anonymous = client.get("/endorse-desk")
    assert (anonymous.status_code, urlsplit(anonymous.location).path) == (302, "/login")

    auth = Auth(client)
    auth.login("delegate@dakar.example", "delegate-password-1")
    assert client.get("/endorse-desk").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/").get_data(as_text=True))})
    auth.login(*factories.STAFF)
    page = client.get("/endorse-desk").get_data(as_text=True)
    assert "This edition has no declaration yet." in page  # nothing to sign, no scanning
    assert 'id="desk-code"' not in page
