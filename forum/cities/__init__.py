"""Cities, countries and world regions."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import get_locale
from markupsafe import Markup


def flag_image(country_code: str, alt: str = "") -> Markup:
    """An <img> of the country's flag; ``alt`` empty when the country is named beside it."""
    from forum.cities.flags import flag_file

    src = url_for("static", filename=flag_file(country_code))
    return Markup('<img class="flag" src="{}" alt="{}" width="20" height="15">').format(src, alt)


def country_name_here(country_code: str) -> str:
    """The country's name in the visitor's language."""
    from forum.cities.services import country_name

    return country_name(country_code, str(get_locale()))


def init_app(app: Flask) -> None:
    """Give templates the flag, name and region of a country code."""
    from forum.cities.regions import region_code

    app.jinja_env.filters["flag"] = flag_image
    app.jinja_env.filters["country_name"] = country_name_here
    app.jinja_env.filters["region"] = lambda code: region_code(code) or ""
