"""A match in a real browser: an organiser proposes an offer from the matching board, the city
in need accepts it in Spanish under its private link, the organiser accepts for the offering
agency, and both contacts get the introduction e-mail, each in their own language."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from flask import Flask

from forum.extensions import db
from forum.registration.links import private_link_token
from tests import factories
from tests.browser.test_agenda_journey import sign_in_organiser
from tests.browser.test_registration_journey import deliver_outbox, subject, wait_for_mail
from tests.commitments.match_helpers import scene
from tests.smtp import SmtpSink, text_body

if TYPE_CHECKING:
    from collections.abc import Callable

    from playwright.sync_api import Page

pytestmark = pytest.mark.browser
MAYOR, AGENCY = "mayor@freetown.example", "offers@agency.example"


def test_a_proposed_match_accepted_by_both_sides_introduces_both_contacts(
    app: Flask, smtp: SmtpSink, live_server: str, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        factories.organiser()
        s = scene(factories.edition())  # Freetown reads Spanish; the agency wrote in French
        db.session.commit()
        token = private_link_token(s.freetown)

    organiser = new_page()
    sign_in_organiser(organiser)
    organiser.goto("/admin/commitments/")
    organiser.get_by_role("link", name="Matching board").click()
    organiser.get_by_role("button", name="Data tools · Data on newcomers").click()
    expect(organiser.get_by_text("The match is proposed")).to_be_visible()
    proposed = organiser.get_by_role("list").filter(has_text="Data tools").first
    expect(proposed).to_contain_text("Proposed")

    mayor = new_page()
    mayor.goto(f"/r/{token}/commitments")
    mayor.get_by_role("link", name="Las conexiones de mi ciudad").click()
    waiting = mayor.get_by_role("region", name="Esperando su respuesta")
    expect(waiting).to_contain_text("Data tools")
    waiting.get_by_role("button", name="Aceptar: preséntennos").click()
    expect(mayor.get_by_text("Gracias: su aceptación está registrada.")).to_be_visible()
    assert deliver_outbox(app) == 0  # one side is not yet an introduction

    organiser.reload()
    organiser.get_by_role("button", name="Accept for the organisation").click()
    expect(
        organiser.get_by_text("Accepted on behalf of the offering organisation.")
    ).to_be_visible()
    accepted = organiser.get_by_role("heading", name="Accepted by both (1)")
    expect(accepted).to_be_visible()

    assert deliver_outbox(app) == 2
    (to_mayor,) = wait_for_mail(smtp, MAYOR, 1)
    (to_agency,) = wait_for_mail(smtp, AGENCY, 1)
    assert subject(to_mayor).startswith("Presentación: A UN agency sobre «Data on newcomers")
    assert AGENCY in text_body(to_mayor) and "Amina" in text_body(to_mayor)
    assert subject(to_agency).startswith("Présentation")
    assert MAYOR in text_body(to_agency)
    organiser.reload()
    assert deliver_outbox(app) == 0  # accepted once, introduced once
