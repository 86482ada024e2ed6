"""The live wall on a projector and on a phone, and the home page on a phone, with the demo."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pycountry
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from forum.editions.models import Edition
from forum.endorsements.models import Declaration, Endorsement, EndorsementMethod
from forum.extensions import db
from forum.registration.models import Category, Registration, RegistrationStatus
from tests import factories
from tests.endorsements import helpers

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = os.environ.get("FORUM_SCREENSHOTS")  # a folder: save what the tests saw, to look at


@pytest.fixture
def demo(app: Flask, runner: FlaskCliRunner) -> Iterator[None]:
    """The Marrakech 2018 demo: its programme, its declaration and six endorsing cities."""
    result = runner.invoke(args=["forum", "seed-demo", "--delegates", "40"])
    assert result.exit_code == 0, result.output
    yield


def screen(new_page: Callable[[], Page], size: dict[str, int], path: str) -> Page:
    page = new_page()
    page.set_viewport_size(size)
    page.goto(path)
    return page


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def scroll_size(page: Page) -> dict[str, int]:
    return page.evaluate(
        "() => ({width: document.documentElement.scrollWidth, height:"
        " document.documentElement.scrollHeight, innerWidth: innerWidth, innerHeight: innerHeight})"
    )


def serious_accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical findings (run through DevTools, so the CSP allows it)."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => (await axe.run()).violations
            .filter((v) => ["serious", "critical"].includes(v.impact))
            .map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))"""
    )


def font_px(page: Page, selector: str) -> float:
    return float(page.locator(selector).evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def newest_city(app: Flask) -> str:
    with app.app_context():
        return (
            db.session.scalars(sa.select(Endorsement).order_by(Endorsement.endorsed_at.desc()))
            .first()
            .city.name
        )


def test_the_wall_on_a_projector_shows_a_large_count_and_the_newest_city(
    app: Flask, demo: None, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    wall = screen(new_page, PROJECTOR, "/declaration/wall")
    expect(wall.locator("[data-count]")).to_have_text("6")
    expect(wall.locator("[data-count]")).to_be_visible()
    assert font_px(wall, "[data-count]") >= 150  # readable from the back of a hall
    newest = newest_city(app)
    expect(wall.locator("[data-newest-city]")).to_have_text(newest)
    expect(wall.locator(".wall-list .is-newest .wall-city")).to_have_text([newest])
    expect(wall.locator(".wall-list .wall-item")).to_have_count(6)
    expect(wall.locator("button")).to_have_count(0)  # nothing to press on a display
    size = scroll_size(wall)
    assert size["height"] <= size["innerHeight"] and size["width"] <= size["innerWidth"], size
    flags = wall.locator(".wall-list img.flag")
    assert all(flags.nth(n).evaluate("img => img.naturalWidth > 0") for n in range(6))
    assert serious_accessibility_problems(wall) == []
    shot(wall, "wall-projector")


def test_the_wall_groups_by_region_from_its_address_and_fits_the_screen(
    demo: None, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    wall = screen(new_page, PROJECTOR, "/declaration/wall?group=region")
    groups = wall.locator(".wall-groups .wall-group")
    expect(groups.first).to_be_visible()
    expect(wall.locator(".wall-list")).to_be_hidden()
    headings = groups.locator("h2").all_inner_texts()
    assert len(headings) >= 3, headings
    counts = sum(int(text.split()[-1]) for text in headings)
    assert counts == 6
    wall.wait_for_timeout(3500)  # a poll has redrawn the groups: still grouped
    expect(wall.locator(".wall-groups .wall-group")).to_have_count(len(headings))
    expect(wall.locator(".wall-list")).to_be_hidden()
    size = scroll_size(wall)
    assert size["height"] <= size["innerHeight"], size
    shot(wall, "wall-grouped")


@pytest.fixture
def many_cities(app: Flask, request: pytest.FixtureRequest) -> int:
    """A declaration endorsed by many cities (the test's parameter) the world over."""
    count = int(request.param)
    countries = [country.alpha_2 for country in pycountry.countries][::3]
    with app.app_context():
        edition = factories.edition()
        declaration = helpers.declaration(edition)
        start = datetime.now(UTC) - timedelta(hours=3)
        for n in range(count):
            city = (f"Ciudad Nueva {n:03d}", countries[n % len(countries)])
            mayor = factories.registration(
                edition, f"m{n:03d}@example.org", RegistrationStatus.APPROVED, city=city
            )
            db.session.add(
                Endorsement(
                    declaration=declaration,
                    city_id=mayor.city_id,
                    registration=mayor,
                    signatory_name=mayor.full_name,
                    signatory_title="Mayor",
                    method=EndorsementMethod.ONLINE,
                    endorsed_at=start + timedelta(minutes=n),
                )
            )
        db.session.commit()
    return count


# The most cities at full size (one fewer than DENSE_FROM), at the middle size, and many.
@pytest.mark.parametrize("many_cities", [15, 59, 160], indirect=True)
@pytest.mark.parametrize("path", ["/declaration/wall", "/declaration/wall?group=region"])
def test_many_cities_fit_on_the_projector(
    many_cities: int, new_page: Callable[[], Page], path: str
) -> None:
    from playwright.sync_api import expect

    wall = screen(new_page, PROJECTOR, path)
    expect(wall.locator("[data-count]")).to_have_text(str(many_cities))
    expect(wall.locator(".wall-city:visible")).to_have_count(many_cities)
    wall.wait_for_timeout(500)  # the first poll has redrawn
    shot(wall, f"wall-{many_cities}" + ("-grouped" if "group" in path else ""))
    size = scroll_size(wall)
    assert size["height"] <= size["innerHeight"] and size["width"] <= size["innerWidth"], size
    assert font_px(wall, ".wall-city:visible >> nth=0") >= 16


def test_a_new_endorsement_becomes_the_highlighted_newest(
    app: Flask, demo: None, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    wall = screen(new_page, PROJECTOR, "/declaration/wall")
    expect(wall.locator("[data-count]")).to_have_text("6")
    wall.evaluate("window.notReloaded = true")
    with app.app_context():
        current = db.session.scalars(sa.select(Edition).where(Edition.is_current)).one()
        declaration = db.session.scalars(
            sa.select(Declaration).where(Declaration.edition_id == current.id)
        ).one()  # the demo's archive holds other editions' declarations
        signed = sa.select(Endorsement.city_id).where(Endorsement.declaration_id == declaration.id)
        mayor = db.session.scalars(
            sa.select(Registration).where(
                Registration.edition_id == current.id,
                Registration.category == Category.MAYOR,
                Registration.status == RegistrationStatus.APPROVED,
                Registration.city_id.not_in(signed),
            )
        ).first()
        assert mayor is not None
        city = mayor.city.name
        db.session.add(
            Endorsement(
                declaration=declaration,
                city_id=mayor.city_id,
                registration=mayor,
                signatory_name=mayor.full_name,
                signatory_title=mayor.position_title,
                method=EndorsementMethod.ON_SITE,
                endorsed_at=datetime.now(UTC),
            )
        )
        db.session.commit()
    expect(wall.locator("[data-count]")).to_have_text("7", timeout=8_000)
    expect(wall.locator("[data-newest-city]")).to_have_text(city)
    expect(wall.locator(".wall-list .is-newest .wall-city")).to_have_text([city])
    expect(wall.locator(".wall-list .is-new .wall-city")).to_have_text([city])
    assert wall.evaluate("window.notReloaded === true")


def test_the_wall_stacks_on_a_phone(demo: None, new_page: Callable[[], Page]) -> None:
    from playwright.sync_api import expect

    for path in ("/declaration/wall", "/declaration/wall?group=region"):
        wall = screen(new_page, PHONE, path)
        expect(wall.locator("[data-count]")).to_be_visible()
        assert font_px(wall, "[data-count]") >= 64
        size = scroll_size(wall)
        assert size["width"] <= size["innerWidth"], (path, size)
        summary = wall.locator(".wall-summary").bounding_box()
        cities = wall.locator(".wall-cities").bounding_box()
        assert summary and cities and cities["y"] >= summary["y"] + summary["height"]
        expect(wall.locator(".wall-cities .is-newest:visible")).to_have_count(1)
        assert serious_accessibility_problems(wall) == []
        shot(wall, "wall-phone" + ("-grouped" if "group" in path else ""))


def test_the_wall_keeps_still_for_reduced_motion(demo: None, new_page: Callable[[], Page]) -> None:
    wall = new_page()
    wall.emulate_media(reduced_motion="reduce")
    wall.goto("/declaration/wall")
    assert animation(wall, ".wall-newest") == "none"
    moving = new_page()
    moving.goto("/declaration/wall")
    assert animation(moving, ".wall-newest") != "none"


def animation(page: Page, selector: str) -> str:
    return str(page.locator(selector).evaluate("e => getComputedStyle(e).animationName"))


def test_the_home_page_on_a_phone(demo: None, new_page: Callable[[], Page]) -> None:
    from playwright.sync_api import expect

    home = screen(new_page, PHONE, "/")
    expect(home.locator("[data-edition-dates]")).to_have_text("Saturday, December 8, 2018")
    expect(home.locator("[data-edition-venue]")).to_have_text("Palais des Congrès, Marrakech")
    expect(home.locator(".home-themes a")).to_have_count(3)
    expect(home.locator(".home-sessions li").first).to_be_visible()
    expect(home.locator("[data-declaration-count]")).to_have_text("6")
    register = home.get_by_role("link", name="Register for the forum")
    expect(register).to_be_visible()
    size = scroll_size(home)
    assert size["width"] <= size["innerWidth"], size
    assert serious_accessibility_problems(home) == []
    shot(home, "home-phone")
    home.locator(".home-themes a").first.click()
    expect(home.get_by_role("heading", level=1)).to_be_visible()
    assert "/agenda/themes/" in home.url
