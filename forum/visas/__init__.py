"""Visa invitation letters: requested on the private page, decided by organisers, checked by
consulates with the code printed on each letter."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the delegate, public and organiser pages."""
    from forum.visas import admin, routes

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
