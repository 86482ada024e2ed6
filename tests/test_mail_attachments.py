"""Attachments made when the e-mail is sent: the file arrives; a maker that fails leaves the
e-mail waiting for another try, and an unknown maker is refused when queueing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
import sqlalchemy as sa

from forum.extensions import db
from forum.mail.attachments import MadeWhenSent, attachment_maker
from forum.mail.models import OutboxEmail, OutboxStatus
from forum.mail.services import queue_email, send_due_emails

made: list[dict[str, Any]] = []


@attachment_maker("test-greeting")
def _greeting(arguments: Mapping[str, Any]) -> bytes:
    made.append(dict(arguments))
    if arguments.get("fail"):
        raise RuntimeError("the file could not be made")
    return f"Hello {arguments['name']}".encode()


def queued(**arguments: Any) -> OutboxEmail:
    greeting = MadeWhenSent("greeting.txt", "text/plain", "test-greeting", arguments)
    email = queue_email("ada@example.org", "magic_link", link="http://x/1", attachments=[greeting])
    db.session.commit()
    return email


def test_the_file_is_made_when_the_email_is_sent(ctx, smtp):
    made.clear()
    email = queued(name="Ada")
    assert made == []  # queueing made nothing
    assert send_due_emails().sent == 1
    [message] = smtp.to("ada@example.org")
    [part] = [part for part in message.walk() if part.get_filename() == "greeting.txt"]
    assert part.get_payload(decode=True) == b"Hello Ada"
    assert (made, email.status) == ([{"name": "Ada"}], OutboxStatus.SENT)


def test_a_maker_that_fails_leaves_the_email_to_try_again(ctx, smtp):
    email = queued(name="Ada", fail=True)
    report = send_due_emails()
    assert (report.sent, report.retrying) == (0, 1)
    assert email.status is OutboxStatus.PENDING and email.attempts == 1
    assert email.last_error.startswith("AttachmentUnavailable: test-greeting: RuntimeError")
    assert smtp.to("ada@example.org") == []


def test_an_unknown_maker_is_refused_when_queueing(ctx):
    unknown = MadeWhenSent("x.pdf", "application/pdf", "no-such-maker")
    with pytest.raises(LookupError, match="no-such-maker"):
        queue_email("ada@example.org", "magic_link", link="http://x/1", attachments=[unknown])


@attachment_maker("test-broken-query")
def _broken_query(_arguments: Mapping[str, Any]) -> bytes:
    db.session.execute(sa.text("SELECT * FROM no_such_table"))
    return b""


def test_a_maker_whose_query_fails_leaves_the_sender_working(ctx, smtp):
    broken = MadeWhenSent("x.txt", "text/plain", "test-broken-query")
    email = queue_email("ada@example.org", "magic_link", link="http://x/1", attachments=[broken])
    queue_email("bob@example.org", "magic_link", link="http://x/2")
    db.session.commit()
    report = send_due_emails()
    assert (report.sent, report.retrying) == (1, 1)
    db.session.refresh(email)
    assert (email.status, email.attempts) == (OutboxStatus.PENDING, 1)
    assert len(smtp.to("bob@example.org")) == 1
