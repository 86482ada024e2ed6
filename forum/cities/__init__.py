"""Cities, countries and world regions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Give templates the flag and region of a country code."""
    from forum.cities.regions import flag, region_code

    app.jinja_env.filters["flag"] = flag
    app.jinja_env.filters["region"] = lambda code: region_code(code) or ""
