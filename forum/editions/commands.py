"""What the `flask forum …` commands of every area share about editions."""

from __future__ import annotations

import click

from forum.editions.models import Edition
from forum.editions.services import edition_by_number


def edition_for(number: int | None) -> Edition:
    """The edition a command was asked for (or the current one); a clear error otherwise."""
    edition = edition_by_number(number)
    if edition is None:
        raise click.ClickException("No such edition; create one first (e.g. forum seed-demo).")
    return edition
