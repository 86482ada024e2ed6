"""What staff at a door or a desk see of a delegate."""

from __future__ import annotations

from forum.api.types import Answer
from forum.cities.services import country_name
from forum.registration.models import Category, Registration


class DelegateCard(Answer):
    """A delegate as a scanner or the desk shows them."""

    name: str
    city: str
    country: str
    country_name: str
    category: Category


def delegate_card(registration: Registration) -> DelegateCard:
    """What a scanner shows of a delegate."""
    city = registration.city
    return card_of(registration.full_name, city.name, city.country_code, registration.category)


def card_of(name: str, city: str, country: str, category: Category) -> DelegateCard:
    """The card from its parts (a door scan's answer keeps them as the database wrote them)."""
    return DelegateCard(
        name=name,
        city=city,
        country=country,
        country_name=country_name(country),
        category=category,
    )
