"""The home page, the language switcher and the public city pages."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the home page and the city pages; templates of every area link a city's name
    to its page through ``city_url``."""
    from forum.main import city_routes, routes

    assert city_routes.bp is routes.bp  # the city page lives on the main blueprint
    app.register_blueprint(routes.bp)
    app.jinja_env.globals["city_url"] = city_routes.city_url
