"""`flask forum import-commitments`: the organisers' import of entries from paper, from a
terminal: the same reading, the same checks, the same all-or-nothing write."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa

from forum.auth.models import User
from forum.commitments.access import Editor
from forum.commitments.import_files import note, read_file
from forum.commitments.importing import apply_import, preview_import
from forum.db import utcnow
from forum.editions.commands import edition_for
from forum.errors import DomainError
from forum.extensions import db


def _organiser(email: str) -> Editor:
    """The organiser the import is recorded for; a clear error for anyone else."""
    user = db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))
    editor = Editor(user=user) if user is not None else None
    if editor is None or not editor.is_organiser:
        raise click.ClickException(f"No organiser has the address {email}.")
    return editor


@click.command("import-commitments")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as", "email", required=True, help="The organiser's e-mail, for the audit trail.")
@click.option("--edition", "number", type=int, help="Edition number (default: the current one).")
@click.option("--confirm", is_flag=True, help="Write the entries (without it: only check).")
def import_commitments_command(file: Path, email: str, number: int | None, confirm: bool) -> None:
    """Check a CSV or XLSX file of entries row by row; with --confirm, write them all if every
    row is sound."""
    edition, editor = edition_for(number), _organiser(email)
    try:
        text, encoding = read_file(file.read_bytes())
        rows = preview_import(edition, text)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    click.echo(note(text, encoding))
    problems = [
        f"line {r.line}, {column}: {message}" for r in rows for column, message in r.problems
    ]
    for line in problems:
        click.echo(line, err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} problem(s); nothing was written.")
    if not confirm:
        click.echo(f"{len(rows)} entries are sound; run again with --confirm to write them.")
        return
    made = apply_import(edition, rows, editor=editor, now=utcnow())
    db.session.commit()
    click.echo(f"{len(made)} entries imported into edition {edition.number}.")
