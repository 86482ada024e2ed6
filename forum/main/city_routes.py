"""The public city page, /cities/<country>/<slug>, on the main blueprint: it reads the
registrations, endorsements and commitments below, so it lives in the top layer."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from forum.cities.models import City
from forum.cities.services import is_country_code
from forum.cities.slugs import city_by_slug
from forum.commitments.labels import labels
from forum.db import utcnow
from forum.editions.services import current_edition
from forum.main.city_page import city_page
from forum.main.routes import bp

__all__ = ["bp", "city_url"]


def city_url(city: City) -> str:
    """The address of a city's public page."""
    return url_for("main.city", country=city.country_code.lower(), slug=city.slug)


@bp.get("/cities/<country>/<slug>")
def city(country: str, slug: str) -> str | Response:
    """A city's page: its region, the editions it came to, what it endorsed and its entries."""
    if country != country.lower():
        return redirect(url_for("main.city", country=country.lower(), slug=slug), 301)
    found = city_by_slug(country, slug) if is_country_code(country) else None
    if found is None:
        abort(404)
    return render_template(
        "main/city.html",
        page=city_page(found, locale=str(get_locale()), now=utcnow()),
        current=current_edition(),
        now=utcnow(),
        **labels(),
    )
