"""Scanning badges at the doors: the scanner page, its JSON API, and the arrivals board."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the scanner page, the arrivals board, the check-in API and its lane."""
    from forum.checkin import admin, api, lane, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    app.wsgi_app = lane.DoorLane(app, app.wsgi_app)  # type: ignore[method-assign]
