"""`flask forum commitment-reminders`: the reminders of the organisers' follow-up page, from a
terminal or a timer (running it twice sends nothing more)."""

from __future__ import annotations

import click

from forum.commitments.followup import reminder_days, send_reminders
from forum.db import utcnow
from forum.extensions import db


@click.command("commitment-reminders")
@click.option("--days", type=click.IntRange(min=1), help="Days without an answer (default 14).")
def commitment_reminders_command(days: int | None) -> None:
    """Remind, once, every city that has not answered a progress request after N days."""
    sent = send_reminders(now=utcnow(), after_days=days or reminder_days(), actor=None)
    db.session.commit()
    click.echo(f"{sent} reminder(s) sent.")
