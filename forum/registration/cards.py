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
    return DelegateCard(
        name=registration.full_name,
        city=registration.city.name,
        country=registration.city.country_code,
        country_name=country_name(registration.city.country_code),
        category=registration.category,
    )
