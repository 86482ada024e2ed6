"""The JSON API's shared parts: who is calling, the OpenAPI document, JSON errors."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Serve the OpenAPI document."""
    from forum.api import routes

    app.register_blueprint(routes.bp)
