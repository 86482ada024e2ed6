"""Registering for an edition: the public form, the private link, moderation, the wait list."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the public registration pages and the organisers' pages."""
    from forum.registration import admin, language, routes, search
    from forum.registration.labels import change_value

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.add_template_filter(change_value, "change_value")
    search.keep_search_text()
    language.init_app(app)
