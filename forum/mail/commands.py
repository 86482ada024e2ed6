"""`flask forum send-mail`: the outbox's sender on its own."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from forum.extensions import db
from forum.mail.services import mail_folder, send_due_emails


@click.command("send-mail")
@with_appcontext
@click.option("--loop", is_flag=True, help="Keep running, sending as e-mails become due.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between rounds.")
def send_mail_command(loop: bool, interval: float) -> None:
    """Send the e-mails waiting in the outbox; failures are retried later with backoff."""
    if not current_app.config.get("MAIL_SERVER"):
        click.echo(f"No MAIL_SERVER set: e-mails are written to {mail_folder()}")
    while True:
        report = send_due_emails()
        if report.sent or report.retrying or report.failed or not loop:
            click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
        db.session.remove()
        if not loop:
            return
        time.sleep(interval)
