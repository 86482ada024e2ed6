"""Scanning badges at the doors: the scanner page, its JSON API, and the arrivals board."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the scanner page, the arrivals board and the check-in API."""
    from forum.checkin import admin, api, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
