"""The commitments' commands: ``flask forum commitment-reminders`` (the reminders of the
organisers' follow-up page, from a terminal or a timer; running it twice sends nothing more)
and ``flask forum commitments-open-data`` (an edition's open-data file)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from forum.commitments.followup import reminder_days, send_reminders
from forum.commitments.outputs import edition_open_data
from forum.db import utcnow
from forum.editions.commands import edition_for
from forum.extensions import db


@click.command("commitment-reminders")
@click.option("--days", type=click.IntRange(min=1), help="Days without an answer (default 14).")
def commitment_reminders_command(days: int | None) -> None:
    """Remind, once, every city that has not answered a progress request after N days."""
    sent = send_reminders(now=utcnow(), after_days=days or reminder_days(), actor=None)
    db.session.commit()
    click.echo(f"{sent} reminder(s) sent.")


@click.command("commitments-open-data")
@with_appcontext
@click.option("--edition", "number", type=int, help="Edition number (default: the current one).")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The file to write; - writes to standard output.",
)
def open_data_command(number: int | None, out: Path) -> None:
    """Write the edition's open-data file (published public entries and offers, CC BY 4.0)."""
    edition = edition_for(number)
    body = edition_open_data(edition, utcnow())
    if str(out) == "-":
        click.echo(body.decode("utf-8"), nl=False)
        return
    out.write_bytes(body)
    click.echo(f"Open data of edition {edition.number} written to {out} ({len(body)} bytes).")
