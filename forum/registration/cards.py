"""What staff at a door or a desk see of a delegate."""

from __future__ import annotations

from forum.cities.services import country_name
from forum.registration.models import Registration


def delegate_json(registration: Registration) -> dict[str, object]:
    """What a scanner shows of a delegate."""
    return {
        "name": registration.full_name,
        "city": registration.city.name,
        "country": registration.city.country_code,
        "country_name": country_name(registration.city.country_code),
        "category": registration.category.value,
    }
