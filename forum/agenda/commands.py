"""`flask forum import-sessions`: the CSV import of the organisers' page, from a terminal."""

from __future__ import annotations

from pathlib import Path

import click

from forum.agenda.csv_import import apply_import, file_note, preview_import, read_bytes
from forum.editions.commands import edition_for
from forum.errors import DomainError
from forum.extensions import db


@click.command("import-sessions")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--edition", "number", type=int, help="Edition number (default: the current one).")
@click.option("--confirm", is_flag=True, help="Write the sessions (without it: only check).")
def import_sessions_command(csv_file: Path, number: int | None, confirm: bool) -> None:
    """Check a CSV of sessions row by row; with --confirm, write them all if every row is sound."""
    edition = edition_for(number)
    try:
        text, encoding = read_bytes(csv_file.read_bytes())
        rows = preview_import(edition, text)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(file_note(text, encoding))
    problems = [f"line {row.line}: {problem}" for row in rows for problem in row.problems]
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s); nothing was written.")
    if not confirm:
        click.echo(f"{len(rows)} session(s) are sound; run again with --confirm to write them.")
        return
    created = apply_import(edition, rows, actor=None)
    db.session.commit()
    click.echo(f"{len(created)} session(s) imported into edition {edition.number}.")
