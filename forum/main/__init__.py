"""The home page and the language switcher."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the home page."""
    from forum.main import routes

    app.register_blueprint(routes.bp)
