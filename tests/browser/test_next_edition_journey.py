"""Issue 13's journey in a real browser: an organiser clones Marrakech 2018 into Quito 2020,
edits its dates and venue, opens its registration and makes it current; a returning mayor
signs in and registers with last year's details filled in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect
from werkzeug.security import generate_password_hash

from forum.agenda.models import Session
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.agenda import helpers

pytestmark = pytest.mark.browser
MAYOR = ("mayor@freetown.example", "a-long-password-7")


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    form = page.get_by_role("region", name="Organisers and staff").locator("form")
    form.get_by_label("E-mail address", exact=True).fill(email)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name="Sign in").click()


@pytest.fixture
def marrakech(app: Flask) -> None:
    with app.app_context():
        edition = factories.edition(venue="Palais des Congrès")
        helpers.session(edition, "Opening plenary", "09:00", "10:00")
        mayor = factories.registration(edition, MAYOR[0], S.APPROVED)
        mayor.position_title = "Mayor of Freetown"
        mayor.user.password_hash = generate_password_hash(MAYOR[1])
        factories.organiser()
        db.session.commit()


def test_an_organiser_prepares_2020_and_a_mayor_comes_back(
    app: Flask, marrakech: None, new_page: Callable[[], Page]
):
    organiser = new_page()
    sign_in(organiser, *factories.ORGANISER)
    organiser.goto("/admin/editions/5/clone")
    organiser.get_by_label("Number", exact=True).fill("6")
    organiser.get_by_label("City", exact=True).fill("Quito")
    organiser.get_by_label("Country", exact=True).select_option("EC")
    organiser.get_by_label("Time zone", exact=True).select_option("America/Guayaquil")
    organiser.get_by_label("First day", exact=True).fill("2020-01-22")
    organiser.get_by_role("button", name="Create the edition").click()
    expect(organiser.get_by_role("heading", name="Edition settings")).to_be_visible()

    organiser.goto("/admin/editions/6")
    organiser.get_by_label("Venue", exact=True).fill("Centro de Convenciones Metropolitano")
    organiser.get_by_label("First day", exact=True).fill("2020-01-23")
    organiser.get_by_label("Last day", exact=True).fill("2020-01-23")
    organiser.get_by_label("Registration opens", exact=True).fill("2019-10-01T09:00")
    organiser.get_by_role("button", name="Save").click()
    expect(organiser.get_by_text("Sessions move with this change")).to_be_visible()
    organiser.get_by_role("button", name="Save and move 1 session").click()
    expect(organiser.get_by_text("The edition's settings are saved.")).to_be_visible()

    organiser.goto("/admin/editions/")
    organiser.get_by_role("button", name="Make current (Quito 2020)").click()

    with app.app_context():
        quito = db.session.scalars(sa.select(Edition).where(Edition.number == 6)).one()
        assert (quito.is_current, quito.venue, quito.starts_on) == (
            True, "Centro de Convenciones Metropolitano", date(2020, 1, 23),
        )  # fmt: skip
        opening = db.session.scalars(sa.select(Session).where(Session.edition_id == quito.id))
        (copy,) = opening.all()
        local = copy.starts_at.astimezone(quito.zone)
        assert (local.date(), local.hour, copy.is_published) == (date(2020, 1, 23), 9, False)

    mayor = new_page()
    sign_in(mayor, *MAYOR)
    mayor.goto("/register")
    expect(mayor.get_by_text("Welcome back")).to_be_visible()
    expect(mayor.get_by_label("Position or title", exact=True)).to_have_value("Mayor of Freetown")
    mayor.get_by_label("I agree that the organisers process these data to run the forum.").check()
    mayor.get_by_role("button", name="Register").click()
    expect(mayor.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    with app.app_context():
        assert (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(Registration)
                .where(Registration.edition_id == quito.id)
            )
            == 1
        )
