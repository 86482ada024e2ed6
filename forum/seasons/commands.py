"""`flask forum clone-edition`: the next edition from the command line."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import with_appcontext

from forum.db import utcnow
from forum.editions.commands import edition_for
from forum.errors import InvalidInput
from forum.extensions import db
from forum.seasons.cloning import clone_edition, clone_settings


def _day(_ctx: object, _param: object, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("give a date as YYYY-MM-DD") from error


@click.command("clone-edition")
@with_appcontext
@click.option("--from", "source", type=int, required=True, help="Number of the edition to copy.")
@click.option("--number", type=int, required=True, help="Number of the new edition.")
@click.option("--city", required=True)
@click.option("--country", required=True, help="ISO 3166-1 alpha-2 code, e.g. EC.")
@click.option("--starts", required=True, callback=_day, help="First day, YYYY-MM-DD.")
@click.option("--ends", callback=_day, help="Last day (default: as long as the source).")
@click.option("--timezone", required=True, help="IANA zone, e.g. America/Guayaquil.")
@click.option("--title", help="Title (default: the source's).")
def clone_edition_command(
    source: int, number: int, city: str, country: str, starts: date, ends: date | None,
    timezone: str, title: str | None,
) -> None:  # fmt: skip
    """Create the next edition from an earlier one and print what was copied."""
    original = edition_for(source)
    settings = clone_settings(
        original, number=number, city=city, country_code=country, starts_on=starts,
        ends_on=ends, timezone=timezone, title=title,
    )  # fmt: skip
    try:
        made = clone_edition(original.id, settings, actor=None, now=utcnow())
    except InvalidInput as error:
        db.session.rollback()
        raise click.ClickException(
            "; ".join(f"{name}: {problem}" for name, problem in error.problems.items())
        ) from error
    db.session.commit()
    click.echo(
        f"Edition {made.edition.number} ({made.edition.label}) created from {original.number}."
    )
    for table, count in made.copied.items():
        click.echo(f"  {table:<18} {count}")


COMMANDS = [clone_edition_command]
