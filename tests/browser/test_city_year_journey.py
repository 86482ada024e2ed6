"""A city's part in one forum, in a real browser and in Spanish: Bogotá's mayor records a need
from her private page, endorses the declaration at the desk, where the desk records the city's
action; an organiser publishes both; the theme page and the city page show them, with the
endorsement."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from flask import Flask
from flask_babel import force_locale, gettext

from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from tests import factories
from tests.agenda import helpers as agenda
from tests.browser.test_agenda_journey import sign_in_organiser
from tests.browser.test_endorsement_journeys import Signatory, delegate, open_desk, panel
from tests.browser.test_scanner import wedge_scan
from tests.endorsements import helpers as endorsement

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
NEED = "Herramientas para medir la cohesión social"
ACTION = "Clases de español para los recién llegados"


@pytest.fixture
def bogota(app: Flask) -> tuple[Signatory, str]:
    """An open declaration, staff, an organiser, the theme, and Bogotá's mayor with a badge
    and her private link."""
    with app.app_context():
        edition = factories.edition()
        endorsement.declaration(edition)
        factories.staff()
        factories.organiser()
        agenda.theme(edition, slug="inclusion", title="Inclusión")
        mayor = delegate(
            edition, "claudia.lopez@bogota.example", ("Claudia", "López"), ("Bogotá", "CO"),
            title="Alcaldesa de Bogotá",
        )  # fmt: skip
        db.session.commit()
        token = private_link_token(db.session.get_one(Registration, mayor.registration_id))
    return mayor, token


def test_a_need_from_home_and_an_action_at_the_desk_reach_the_theme_and_city_pages(
    app: Flask, new_page: Callable[[], Page], bogota: tuple[Signatory, str]
) -> None:
    from playwright.sync_api import expect

    mayor, token = bogota
    home = new_page()
    home.goto(f"/lang/es?next=/r/{token}")
    home.get_by_role("link", name="Los compromisos de mi ciudad").click()
    home.get_by_role("link", name="Nueva entrada").click()
    home.get_by_label("Esta entrada dice").select_option(label="Lo que necesitamos")
    home.get_by_label("Título").fill(NEED)
    home.get_by_label("Idioma de esta entrada").select_option(label="Español")
    home.get_by_label("Herramientas (datos, normas, métodos)").check()
    home.get_by_role("button", name="Guardar").click()
    home.get_by_role("button", name="Enviar a los organizadores").click()
    expect(home.get_by_text("Enviada", exact=True)).to_be_visible()

    desk = open_desk(new_page())
    wedge_scan(desk, mayor.code)
    desk.get_by_role("button", name="Confirm endorsement for Bogotá").click()
    expect(panel(desk)).to_have_attribute("data-status", "ok")
    desk.get_by_role("link", name="Record a commitment for Bogotá").click()
    desk.get_by_label("This entry says").select_option(label="What we do")
    desk.get_by_label("Theme").select_option(label="Inclusión")
    desk.get_by_label("Title").fill(ACTION)
    desk.get_by_label("Language of this entry").select_option(label="Español")
    desk.get_by_label("Contact person").select_option(label="Claudia López")
    desk.get_by_role("button", name="Record the commitment").click()
    expect(desk.get_by_text("Recorded for Bogotá: organisers publish it.")).to_be_visible()

    organiser = new_page()
    sign_in_organiser(organiser)
    for title in (NEED, ACTION):
        organiser.goto("/admin/commitments/?status=submitted")
        organiser.get_by_role("link", name=title).click()
        organiser.get_by_role("button", name="Publish").click()
        expect(organiser.get_by_text("The entry is published.")).to_be_visible()

    public = new_page()
    public.goto("/lang/es?next=/agenda/themes/inclusion")
    for heading, title in (("What cities do", ACTION), ("What they need", NEED)):
        shelf = public.get_by_role("region", name=f"{_spanish(app, heading)} (1)")
        expect(shelf.get_by_role("link", name=title)).to_have_attribute("lang", "es")
    public.get_by_role("link", name="Bogotá").first.click()
    expect(public.get_by_role("heading", level=1)).to_contain_text("Bogotá")
    entries = public.get_by_role(
        "region", name=_spanish(app, "What the city does, commits to and needs")
    )
    for title in (NEED, ACTION):
        expect(entries.get_by_role("link", name=title)).to_be_visible()
    endorsed = public.get_by_role("region", name=_spanish(app, "Declarations endorsed"))
    expect(endorsed.get_by_role("listitem")).to_have_count(1)


def _spanish(app: Flask, message: str) -> str:
    """A message of the interface as the Spanish catalogue has it."""
    with app.test_request_context(), force_locale("es"):
        return gettext(message)
