"""Words shown for the registration enums, in the visitor's language."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from forum.cities.services import country_name
from forum.registration.models import Category, RegistrationStatus

CATEGORY_LABELS = {
    Category.MAYOR: _l("Mayor"),
    Category.DEPUTY_MAYOR: _l("Deputy mayor"),
    Category.CITY_OFFICIAL: _l("City official"),
    Category.REGIONAL_GOVERNMENT: _l("Regional government"),
    Category.NATIONAL_GOVERNMENT: _l("National government"),
    Category.UN_AGENCY: _l("UN agency"),
    Category.FINANCIAL_INSTITUTION: _l("International financial institution"),
    Category.CITY_NETWORK: _l("City network"),
    Category.CIVIL_SOCIETY: _l("Civil society"),
    Category.PRIVATE_SECTOR: _l("Private sector"),
    Category.ACADEMIA: _l("Academia"),
    Category.YOUTH: _l("Youth"),
    Category.MEDIA: _l("Media"),
    Category.ORGANISER_STAFF: _l("Organiser staff"),
}
STATUS_LABELS = {
    RegistrationStatus.PENDING: _l("Pending"),
    RegistrationStatus.APPROVED: _l("Approved"),
    RegistrationStatus.WAITLISTED: _l("Wait-listed"),
    RegistrationStatus.REJECTED: _l("Rejected"),
    RegistrationStatus.WITHDRAWN: _l("Withdrawn"),
}

# The fields of a change a delegate asked for (forum/registration/changes.py).
CHANGE_LABELS = {
    "category": _l("Category"),
    "position_title": _l("Position"),
    "city_name": _l("City"),
    "country_code": _l("Country"),
}


def change_value(value: str, field: str) -> str:
    """A value of a waiting change in words: categories by label, countries by name."""
    if field == "category" and value in {c.value for c in Category}:
        return str(CATEGORY_LABELS[Category(value)])
    if field == "country_code":
        return country_name(value, str(get_locale()))
    return value
