"""The whole registration journey in a real browser: register, confirm, approve, get told."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from email.header import decode_header, make_header
from email.message import Message
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from flask import Flask

from forum.extensions import db
from forum.mail.services import send_due_emails
from tests import factories
from tests.smtp import SmtpSink, text_body

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DELEGATE_EMAIL = "valerie.aki-sawyerr@freetown.example"
GIVEN_NAME = "Valérie"
FAMILY_NAME = "Aki-Sawyerr"
FULL_NAME = f"{GIVEN_NAME} {FAMILY_NAME}"


def deliver_outbox(app: Flask) -> int:
    """Run the outbox sender once, as the worker would; returns how many were sent."""
    with app.app_context():
        report = send_due_emails()
    assert report.failed == 0 and report.retrying == 0, report
    return report.sent


def wait_for_mail(smtp: SmtpSink, address: str, count: int, timeout: float = 5.0) -> list[Message]:
    """The messages to ``address`` once there are at least ``count`` of them."""
    deadline = time.monotonic() + timeout
    while True:
        messages = smtp.to(address)
        if len(messages) >= count:
            return messages
        if time.monotonic() > deadline:
            raise AssertionError(f"expected {count} e-mail(s) to {address}, got {len(messages)}")
        time.sleep(0.05)


def subject(message: Message) -> str:
    return str(make_header(decode_header(message.get("Subject", ""))))


def private_link(body: str, live_server: str) -> str:
    """The absolute /r/<token> link in a plain-text body; it must point at the live server."""
    match = re.search(r"https?://\S+/r/[\w.-]+", body)
    assert match, f"no private link in the e-mail:\n{body}"
    link = match.group(0)
    assert urlsplit(link).netloc == urlsplit(live_server).netloc, link
    return link


def test_delegate_registers_confirms_and_is_approved(
    app: Flask, smtp: SmtpSink, live_server: str, new_page: Callable[[], Page]
) -> None:
    from playwright.sync_api import expect

    with app.app_context():
        factories.edition(capacity=10)
        factories.organiser()
        db.session.commit()

    # A visitor registers.
    visitor = new_page()
    visitor.goto("/register")
    form = visitor.locator("main form")
    form.get_by_label("Given name", exact=True).fill(GIVEN_NAME)
    form.get_by_label("Family name", exact=True).fill(FAMILY_NAME)
    form.get_by_label("Category", exact=True).select_option(label="Mayor")
    form.get_by_label("Position or title", exact=True).fill("Mayor of Freetown")
    form.get_by_label("City or region you represent", exact=True).fill("Freetown")
    form.get_by_label("Country", exact=True).select_option("SL")
    form.get_by_label("E-mail address", exact=True).fill(DELEGATE_EMAIL)
    form.get_by_label("I agree that the organisers process these data").check()
    form.get_by_role("button", name="Register").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    expect(visitor.locator("main")).to_contain_text(DELEGATE_EMAIL)

    # The outbox sends the private link; the delegate opens it and confirms the address.
    assert deliver_outbox(app) == 1
    (received,) = wait_for_mail(smtp, DELEGATE_EMAIL, 1)
    body = text_body(received)
    assert FULL_NAME in body
    link = private_link(body, live_server)

    visitor.goto(link)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Your registration")
    summary = visitor.locator("dl.summary")
    expect(summary).to_contain_text(FULL_NAME)
    expect(summary).to_contain_text("Confirm your e-mail")  # nobody reviews it before that
    visitor.get_by_role("button", name="Confirm my e-mail address").click()
    expect(visitor.locator(".flashes")).to_contain_text("your e-mail address is confirmed")
    expect(visitor.get_by_role("button", name="Confirm my e-mail address")).to_have_count(0)
    expect(summary).to_contain_text("Pending review")

    # An organiser, in a browser of their own, signs in and approves.
    organiser = new_page()
    organiser.goto("/login")
    staff_form = organiser.get_by_role("region", name="Organisers and staff").locator("form")
    email, password = factories.ORGANISER
    staff_form.get_by_label("E-mail address", exact=True).fill(email)
    staff_form.get_by_label("Password", exact=True).fill(password)
    staff_form.get_by_role("button", name="Sign in").click()
    expect(organiser.get_by_role("button", name="Sign out")).to_be_visible()

    organiser.goto("/admin/registrations/")
    row = organiser.locator("tbody tr", has_text=DELEGATE_EMAIL)
    expect(row).to_contain_text("Pending")
    row.get_by_role("link", name=f"{FAMILY_NAME}, {GIVEN_NAME}").click()
    expect(organiser.get_by_role("heading", level=1)).to_contain_text(FULL_NAME)
    expect(organiser.locator("dl.summary")).to_contain_text(f"{DELEGATE_EMAIL} (confirmed)")

    decision = organiser.locator("form", has=organiser.get_by_role("button", name="Save decision"))
    decision.get_by_label("Decision", exact=True).select_option(label="Approve")
    # The message is optional: the form must submit with it left empty.
    decision.get_by_role("button", name="Save decision").click()
    expect(organiser.locator(".flashes")).to_contain_text(f"{FULL_NAME} is now approved")
    expect(organiser.locator("h1 .status")).to_have_text("Approved")

    # The delegate is told, and their private page says so.
    assert deliver_outbox(app) == 1
    messages = wait_for_mail(smtp, DELEGATE_EMAIL, 2)
    approval = messages[-1]
    assert "approved" in subject(approval).lower(), subject(approval)
    approval_body = text_body(approval)
    assert FULL_NAME in approval_body
    # Each e-mail's link is signed afresh (links expire); the new one and the first both work.
    approval_link = private_link(approval_body, live_server)
    for opened in (approval_link, link):
        visitor.goto(opened)
        expect(visitor.locator("dl.summary .status")).to_have_text("Approved")
