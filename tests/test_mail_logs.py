"""Logs never carry a link, a token or a body, even with DEBUG on (issue 8.20)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from flask import Flask

from forum.errors import handle_unexpected_error
from forum.extensions import db, mail
from forum.mail.services import queue_email, send_due_emails
from tests.smtp import free_port, text_body

TOKEN = "s3cr3t-T0KEN-that-must-never-be-logged"
LINK = f"http://localhost/login/magic/{TOKEN}"


@pytest.fixture
def debug_app(app: Flask) -> Iterator[Flask]:
    """The app with DEBUG on, and Flask-Mail set up again as it would be under DEBUG."""
    app.debug = True
    mail.init_app(app)
    yield app
    app.debug = False
    mail.init_app(app)


def test_sending_with_debug_on_prints_no_smtp_conversation(debug_app, ctx, smtp, capfd, caplog):
    mail.init_app(debug_app)  # after the smtp fixture pointed the app at the test server
    # Everything our own code logs; the test SMTP server's own "mail.log" is not the app's.
    caplog.set_level(logging.DEBUG, logger="forum")
    queue_email("ada@example.org", "magic_link", link=LINK)
    db.session.commit()
    assert send_due_emails().sent == 1
    [message] = smtp.to("ada@example.org")
    assert TOKEN in text_body(message)  # it was sent, with the link...
    captured = capfd.readouterr()
    assert TOKEN not in captured.err  # ...and nothing printed it
    assert TOKEN not in captured.out
    assert TOKEN not in caplog.text


def test_a_failed_delivery_logs_the_row_but_no_recipient_link_or_body(app, ctx, smtp, caplog):
    queue_email("ada@example.org", "magic_link", link=LINK)
    db.session.commit()
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    mail.init_app(app)
    with caplog.at_level(logging.WARNING, logger="forum.mail.services"):
        assert send_due_emails().retrying == 1
    assert "not sent: ConnectionRefusedError" in caplog.text
    assert TOKEN not in caplog.text
    assert "ada@example.org" not in caplog.text


def test_an_unhandled_error_logs_the_route_and_not_the_token_in_the_path(app, caplog):
    with app.test_request_context(f"/r/{TOKEN}"), caplog.at_level(logging.ERROR):
        _page, status = handle_unexpected_error(RuntimeError("boom"))
    assert status == 500
    assert "Unhandled error on GET /r/<token>" in caplog.text
    assert TOKEN not in caplog.text
