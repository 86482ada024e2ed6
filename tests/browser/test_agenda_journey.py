"""The agenda journey in a real browser: an organiser schedules, a delegate picks and subscribes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from icalendar import Calendar, Event

from forum.extensions import db
from forum.registration.links import private_link_token
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DELEGATE_EMAIL = "mayor@example.org"
THEME_TITLE = "Inclusion"
ROOM_NAME = "Atlas room"
TITLE = "Cities and jobs"
ZONE = "Africa/Casablanca"


def sign_in_organiser(page: Page) -> None:
    from playwright.sync_api import expect

    page.goto("/login")
    staff_form = page.get_by_role("region", name="Organisers and staff").locator("form")
    email, password = factories.ORGANISER
    staff_form.get_by_label("E-mail address", exact=True).fill(email)
    staff_form.get_by_label("Password", exact=True).fill(password)
    staff_form.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def only_event(body: bytes) -> Event:
    """The single VEVENT of an iCalendar body."""
    calendar = Calendar.from_ical(body)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1, body.decode()
    return events[0]


def fetch_feed(page: Page, webcal_url: str) -> Event:
    """The subscription link fetched the way a calendar app would, over http."""
    assert webcal_url.startswith("webcal://"), webcal_url
    assert webcal_url.endswith(".ics"), webcal_url
    response = page.request.get("http://" + webcal_url.removeprefix("webcal://"))
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("text/calendar")
    return only_event(response.body())


def assert_starts(event: Event, clock: str) -> None:
    dtstart = event["DTSTART"]
    assert dtstart.params.get("TZID") == ZONE, event.to_ical().decode()
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None
    assert start.time() == time.fromisoformat(clock), start
    assert start.date().isoformat() == "2018-12-08", start


def test_organiser_schedules_and_delegate_subscribes(
    app: Flask, live_server: str, new_page: Callable[[], Page], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        theme_id = helpers.theme(edition, slug="inclusion", title=THEME_TITLE).id
        helpers.room(edition, name=ROOM_NAME)
        registration = factories.registration(edition, DELEGATE_EMAIL, RegistrationStatus.APPROVED)
        token = private_link_token(registration)
        db.session.commit()

    # The organiser adds a session to the theme.
    organiser = new_page()
    sign_in_organiser(organiser)
    organiser.goto("/admin/agenda/")
    expect(organiser.get_by_role("heading", level=1)).to_contain_text("Agenda")
    themes = organiser.get_by_role("region", name="Policy themes")
    themes.get_by_role("listitem").filter(has_text=THEME_TITLE).get_by_role(
        "link", name="Add a session"
    ).click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("New session")

    form = organiser.locator("main form")
    expect(form.get_by_label("Theme", exact=True)).to_have_value(str(theme_id))
    form.get_by_label("Title", exact=True).fill(TITLE)
    form.get_by_label("Kind", exact=True).select_option(label="Theme session")
    form.get_by_label("Room", exact=True).select_option(label=ROOM_NAME)
    form.get_by_label("Day", exact=True).fill("2018-12-08")
    form.get_by_label("Starts at", exact=True).fill("14:00")
    form.get_by_label("Ends at", exact=True).fill("15:30")
    form.get_by_label("Places").fill("2")
    form.get_by_role("button", name="Save").click()

    expect(organiser.locator(".flashes")).to_contain_text("Session saved.")
    sessions = organiser.get_by_role("region", name="Sessions")
    row = sessions.locator("tbody tr", has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(re.compile(r"\b2:00\s?–\s?3:30\sPM"))  # the English clock
    expect(row).to_contain_text(ROOM_NAME)
    expect(row).to_contain_text(THEME_TITLE)
    expect(row).to_contain_text("0 / 2")

    # The delegate, in a browser of their own, picks it from the private page.
    delegate = new_page()
    delegate.goto(f"/r/{token}")
    expect(delegate.get_by_role("heading", level=1)).to_have_text("Your registration")
    delegate.get_by_role("link", name="My programme and calendar").click()
    expect(delegate.get_by_role("heading", level=1)).to_contain_text("My programme")
    session_card = delegate.locator("article.session", has_text=TITLE)
    expect(session_card).to_contain_text("2 places left")
    delegate.get_by_role("button", name=f"Add to my programme {TITLE}").click()
    expect(delegate.locator(".flashes")).to_contain_text(f"“{TITLE}” is in your programme.")
    expect(session_card).to_contain_text("In my programme")
    expect(session_card).to_contain_text("1 place left")
    expect(delegate.get_by_role("button", name=f"Remove {TITLE}")).to_be_visible()

    # The subscription link carries exactly that session, in the edition's zone and room.
    calendar = delegate.get_by_role("region", name="My calendar")
    subscribe = calendar.get_by_role("link", name="Subscribe to my programme")
    expect(subscribe).to_have_attribute("href", re.compile(r"^webcal://.+\.ics$"))
    feed_url = subscribe.get_attribute("href") or ""
    event = fetch_feed(delegate, feed_url)
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["LOCATION"]) == ROOM_NAME
    assert int(event["SEQUENCE"]) == 0
    assert_starts(event, "14:00")
    assert event.decoded("DTEND").time() == time(15, 30)

    # The download link gives the same calendar as a file.
    with delegate.expect_download() as download_info:
        calendar.get_by_role("link", name="Download (.ics)").click()
    download = download_info.value
    assert download.failure() is None
    saved = tmp_path / "my-programme.ics"
    download.save_as(saved)
    downloaded = only_event(saved.read_bytes())
    assert str(downloaded["SUMMARY"]) == TITLE
    assert str(downloaded["UID"]) == str(event["UID"])

    # The organiser moves the start; the delegate's feed shows the new version.
    organiser.get_by_role("link", name=f"Edit {TITLE}").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(organiser.locator("main")).to_contain_text("Calendar version 0")
    form = organiser.locator("main form")
    expect(form.get_by_label("Starts at", exact=True)).to_have_value("14:00")
    form.get_by_label("Starts at", exact=True).fill("14:30")
    form.get_by_role("button", name="Save").click()
    expect(organiser.locator(".flashes")).to_contain_text("Session saved.")
    expect(sessions.locator("tbody tr", has_text=TITLE)).to_contain_text(re.compile(r"\b2:30\s?–"))

    moved = fetch_feed(delegate, feed_url)
    assert str(moved["UID"]) == str(event["UID"])
    assert int(moved["SEQUENCE"]) == 1
    assert_starts(moved, "14:30")
    assert moved.decoded("DTEND").time() == time(15, 30)
    assert str(moved["LOCATION"]) == ROOM_NAME
