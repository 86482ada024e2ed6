"""The Mayors' Declaration: its texts, who may sign, online and desk endorsements, the wall."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the declaration's public pages and desk, the organisers' pages and the API."""
    from forum.endorsements import admin, api, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
