"""`flask forum …` commands of the agenda area."""

from __future__ import annotations

from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from forum.agenda.gfmd.failures import failure_message
from forum.agenda.gfmd.reconcile import SyncHeld, sync_or_record_failure
from forum.agenda.models import GfmdSync, SyncStatus
from forum.background import yield_cpu
from forum.db import utcnow
from forum.editions.commands import edition_for
from forum.extensions import db


@click.command("sync-gfmd")
@with_appcontext
@click.argument("source", required=False)
@click.option("--edition", "number", type=int, help="Edition number (default: the current one).")
@click.option(
    "--confirm-cancellations",
    is_flag=True,
    help="Apply the sync even if it cancels more than GFMD_HOLD_CANCELLED_SHARE of the items.",
)
def sync_gfmd_command(source: str | None, number: int | None, confirm_cancellations: bool) -> None:
    """Take in the GFMD summit agenda from URL|FILE (default: the edition's own source)."""
    yield_cpu(current_app.config["BACKGROUND_NICENESS"])
    try:
        record = sync_or_record_failure(
            edition_for(number), source, now=utcnow(), confirmed=confirm_cancellations
        )
    except SyncHeld as held:
        db.session.rollback()  # nothing of it is kept
        for line in held_report(held.preview):
            click.echo(line)
        raise click.ClickException(
            "Nothing was changed. If the summit really dropped these items,"
            " run again with --confirm-cancellations."
        ) from None
    db.session.commit()
    if record.status is SyncStatus.FAILED:
        raise click.ClickException(
            f"The summit agenda could not be synced: {failure_message(record.error)}"
        )
    for line in sync_report(record):
        click.echo(line)


def held_report(preview: dict[str, Any]) -> list[str]:
    """What a held sync would have done, as lines for the terminal."""
    counts = preview["counts"]
    cancelled = [entry for entry in preview["changes"] if entry["outcome"] == "cancelled"]
    return [
        f"Not synced: this feed would cancel {counts['cancelled']} of the"
        f" {preview['scheduled']} scheduled summit items (more than {preview['share']:.0%}).",
        f"It would also add {counts['added']} and update {counts['updated']}.",
        f"Would cancel ({len(cancelled)}):",
        *(f"  - {entry['title']}  [{entry['uid']}]" for entry in cancelled),
    ]


def sync_report(record: GfmdSync) -> list[str]:
    """What a sync did, as lines for the terminal."""
    lines = [
        f"Synced {record.source}: {record.added} added, {record.updated} updated,"
        f" {record.cancelled} cancelled, {record.unchanged} unchanged."
    ]
    for entry in record.changes:
        lines.append(f"  {entry['outcome']:<9} {entry['title']}  [{entry['uid']}]")
        changes = entry["changes"] if isinstance(entry["changes"], dict) else {}
        lines.extend(
            f"            {name}: {pair[0]} -> {pair[1]}" for name, pair in changes.items()
        )
    lines.extend(_section("Warnings", record.warnings))
    lines.extend(_section("New clashes", record.new_clashes))
    return lines


def _section(heading: str, entries: list[str]) -> list[str]:
    if not entries:
        return []
    return [f"{heading} ({len(entries)}):", *(f"  - {entry}" for entry in entries)]
