"""The GFMD summit's agenda: fetched, parsed, reconciled by UID, and its clashes with ours."""

from __future__ import annotations

from flask import Flask

from forum.extensions import forum_cli


def init_app(app: Flask) -> None:
    """Register the organisers' sync and clash pages and the `sync-gfmd` command."""
    from forum.agenda.gfmd import admin, commands

    app.register_blueprint(admin.bp)
    forum_cli.add_command(commands.sync_gfmd_command)
