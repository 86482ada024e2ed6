"""Year after year: organisers set up each edition, clone it into the next and choose the
current one. Above the agenda and the declaration, so a clone can copy their rows."""

from __future__ import annotations

from flask import Flask

from forum.extensions import forum_cli


def init_app(app: Flask) -> None:
    """Register the public /editions pages, GET /api/v1/editions, the organisers'
    /admin/editions pages and the clone-edition command."""
    from forum.seasons import admin, api, commands, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(admin.bp)
    for command in commands.COMMANDS:
        forum_cli.add_command(command)
