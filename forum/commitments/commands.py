"""`flask forum commitments-open-data`: an edition's open-data file, written from a terminal."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from forum.commitments.outputs import edition_open_data
from forum.db import utcnow
from forum.editions.commands import edition_for


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
