"""A city's need, in a real browser: a mayor records it in Spanish from her private page, an
organiser publishes it, and the public list and theme page show it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from flask import Flask

from forum.extensions import db
from forum.registration.links import private_link_token
from tests import factories
from tests.agenda import helpers as agenda
from tests.browser.test_agenda_journey import sign_in_organiser
from tests.commitments.helpers import delegate

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
NEED = "Herramientas para medir la cohesión social"


def test_a_need_recorded_in_spanish_is_published_and_shown(
    app: Flask, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        theme = agenda.theme(edition, slug="inclusion", title="Inclusión")
        mayor = delegate(edition, city=("Bogotá", "CO"))
        db.session.commit()
        token, slug = private_link_token(mayor), theme.slug

    page = new_page()
    page.goto(f"/lang/es?next=/r/{token}")
    page.get_by_role("link", name="Los compromisos de mi ciudad").click()
    page.get_by_role("link", name="Nueva entrada").click()
    expect(page.get_by_role("heading", name="Un compromiso SMART")).to_be_visible()
    page.get_by_label("Esta entrada dice").select_option(label="Lo que necesitamos")
    page.get_by_label("Título").fill(NEED)
    page.get_by_label("Idioma de esta entrada").select_option(label="Español")
    page.get_by_label("Herramientas (datos, normas, métodos)").check()
    page.get_by_label("16. Inclusión y cohesión social").check()
    page.get_by_label("Meta medible").fill("Una encuesta anual en 2020")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_role("button", name="Enviar a los organizadores").click()
    expect(page.get_by_text("Enviada", exact=True)).to_be_visible()

    organiser = new_page()
    sign_in_organiser(organiser)
    organiser.goto("/admin/commitments/?status=submitted")
    organiser.get_by_role("link", name=NEED).click()
    organiser.get_by_role("button", name="Publish").click()
    expect(organiser.get_by_text("The entry is published.")).to_be_visible()

    public = new_page()
    public.goto(f"/agenda/themes/{slug}")
    needs = public.get_by_role("region", name="What they need (1)")
    needs.get_by_role("link", name="See the 1 entry in the list").click()
    public.get_by_role("link", name=NEED).click()
    expect(public.get_by_role("heading", name=NEED)).to_have_attribute("lang", "es")
    expect(public.get_by_text("16 Inclusion and social cohesion")).to_be_visible()
