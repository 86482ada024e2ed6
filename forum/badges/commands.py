"""`flask forum …` commands of the badges area."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from forum.audit.services import record
from forum.badges import prints
from forum.badges.printing import BadgeSelection, print_badges, qr_texts, selected_badge_ids
from forum.badges.sheets import LAYOUTS
from forum.db import utcnow
from forum.editions.commands import edition_for
from forum.extensions import db
from forum.registration.models import Category


@click.command("badges")
@with_appcontext
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF.",
)
@click.option("--category", type=click.Choice([category.value for category in Category]))
@click.option("--not-printed", is_flag=True, help="Only badges not printed on this layout yet.")
@click.option("--layout", type=click.Choice(sorted(LAYOUTS)), default="a4", show_default=True)
@click.option(
    "--mark-printed",
    is_flag=True,
    help="Also record the badges as printed on this layout.",
)
def badges_command(
    out_path: Path, category: str | None, not_printed: bool, layout: str, mark_printed: bool
) -> None:
    """Print the approved delegates' badges of the current edition into one PDF."""
    edition = edition_for(None)
    selection = BadgeSelection(
        edition.id,
        Category(category) if category else None,
        not_printed=not_printed,
        layout=layout,
    )
    badge_ids = selected_badge_ids(selection)
    if not badge_ids:
        click.echo("No badges match; nothing written.")
        return
    with out_path.open("wb") as out, click.progressbar(length=len(badge_ids)) as bar:
        count = print_badges(
            badge_ids,
            out,
            layout=layout,
            progress=lambda done: bar.update(done - bar.pos),
        )
    if not mark_printed:
        click.echo(
            f"{count} badges written to {out_path}; not marked printed"
            " (add --mark-printed once they are printed)."
        )
        return
    prints.mark_printed(badge_ids, layout=layout, now=utcnow())
    record("badges.marked_printed", edition, actor=None, count=count, layout=layout, via="cli")
    db.session.commit()
    click.echo(f"{count} badges written to {out_path} and marked printed on {layout}.")


@click.command("badge-codes")
@with_appcontext
def badge_codes_command() -> None:
    """List the QR texts of the approved delegates' working badges, one per line."""
    for text in qr_texts(selected_badge_ids(BadgeSelection(edition_for(None).id))):
        click.echo(text)


COMMANDS = (badges_command, badge_codes_command)
