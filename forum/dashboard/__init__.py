"""The organisers' dashboard: one figure or two from every area, each linking to its page."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the dashboard under /admin."""
    from forum.dashboard import admin

    app.register_blueprint(admin.bp)
