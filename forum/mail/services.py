"""Queueing e-mails in the outbox and delivering them."""

from __future__ import annotations

import logging
import re
import smtplib
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_mail import Message

from forum.db import utcnow
from forum.extensions import db, mail
from forum.mail.attachments import (
    Attachment,
    AttachmentUnavailable,
    MadeWhenSent,
    attachment_files,
)
from forum.mail.models import OutboxEmail, OutboxStatus

__all__ = ["Attachment", "MadeWhenSent", "queue_email", "send_due_emails"]

log = logging.getLogger(__name__)
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600


def queue_email(
    recipient: str,
    template: str,
    *,
    locale: str | None = None,
    attachments: Sequence[Attachment | MadeWhenSent] | None = None,
    **context: object,
) -> OutboxEmail:
    """Render ``mail/<template>.*`` in the recipient's language and add it to the outbox.

    The row joins the caller's transaction, so the e-mail exists exactly when
    the change that caused it is committed.
    """
    with force_locale(locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = render_template(f"mail/{template}.subject.txt", **context)
        body_text = render_template(f"mail/{template}.txt", **context)
        body_html = render_template(f"mail/{template}.html", **context)
    email = OutboxEmail(
        recipient=recipient,
        template=template,
        payload={key: value for key, value in context.items() if _is_plain(value)},
        subject=_one_line(subject),
        body_text=body_text,
        body_html=body_html,
        attachments=[attachment.to_json() for attachment in attachments or []],
    )
    db.session.add(email)
    return email


def _one_line(text: str) -> str:
    """A template's text on one line; no-break spaces (French typography) stay."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _is_plain(value: object) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


@dataclass
class DeliveryReport:
    """What one run of the sender did."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0


def send_due_emails(limit: int = 100) -> DeliveryReport:
    """Send up to ``limit`` due e-mails, one transaction each; failures back off."""
    report = DeliveryReport()
    timeout = current_app.config["MAIL_TIMEOUT_SECONDS"]
    for _ in range(limit):
        email = _claim_next_due()
        if email is None:
            break
        try:
            _deliver(email, timeout)
        except (smtplib.SMTPException, OSError, AttachmentUnavailable) as exc:
            _schedule_retry(email, exc)
            # The row and the kind of failure only: never a recipient, a link or a body.
            log.warning(
                "outbox e-mail %s (%s) not sent: %s", email.id, email.template, type(exc).__name__
            )
            if email.status is OutboxStatus.FAILED:
                report.failed += 1
            else:
                report.retrying += 1
        else:
            email.status = OutboxStatus.SENT
            email.sent_at = utcnow()
            email.attempts += 1
            report.sent += 1
        db.session.commit()
    return report


def _claim_next_due() -> OutboxEmail | None:
    """Lock the oldest due row; rows another worker holds are skipped, never sent twice."""
    return db.session.scalars(
        sa.select(OutboxEmail)
        .where(OutboxEmail.status == OutboxStatus.PENDING, OutboxEmail.next_attempt_at <= utcnow())
        .order_by(OutboxEmail.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()


def _schedule_retry(email: OutboxEmail, exc: Exception) -> None:
    email.attempts += 1
    email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if email.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        email.status = OutboxStatus.FAILED
        return
    delay = min(BACKOFF_BASE_SECONDS * 2 ** (email.attempts - 1), BACKOFF_MAX_SECONDS)
    email.next_attempt_at = utcnow() + timedelta(seconds=delay)


def _deliver(email: OutboxEmail, timeout: int) -> None:
    message = Message(
        subject=email.subject,
        recipients=[email.recipient],
        body=email.body_text,
        html=email.body_html,
        extra_headers={"X-Forum-Outbox-Id": str(email.id)},
    )
    for filename, content_type, data in attachment_files(email.attachments):
        message.attach(filename, content_type, data)
    if not current_app.config.get("MAIL_SERVER"):
        _write_to_folder(message, email.id)
        return
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(timeout)  # Flask-Mail opens SMTP without a timeout of its own
    try:
        mail.send(message)
    finally:
        socket.setdefaulttimeout(previous)


def mail_folder() -> Path:
    """Where e-mails go when no SMTP server is configured."""
    return Path(current_app.config["MAIL_FILE_DIR"])


def _write_to_folder(message: Message, email_id: int) -> None:
    folder = mail_folder()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{email_id:06d}.eml").write_bytes(message.as_bytes())
