"""What a delegate tells us about themselves, and the rules every way in checks it against."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from forum.cities.services import find_or_create_city, is_country_code
from forum.registration.models import Category, Registration
from forum.validation import Checks, Text

GIVEN_NAME = Text(max_length=100)
FAMILY_NAME = Text(max_length=100)
POSITION = Text(max_length=200)
CITY = Text(max_length=120)
ORGANISATION = Text(max_length=200, required=False)
NEEDS = Text(max_length=2000, required=False, multiline=True)
EMAIL = Text(max_length=254)
# Languages a delegate may say they work in (ISO 639-1).
LANGUAGE_CODES = ("en", "fr", "es", "ar", "pt", "zh", "ru", "de", "it", "tr")


@dataclass
class RegistrationDetails:
    """What a delegate tells us about themselves (everything but the e-mail)."""

    given_name: str
    family_name: str
    category: Category
    position_title: str
    city_name: str
    country_code: str
    organisation: str = ""
    languages: list[str] = field(default_factory=list)
    accessibility_needs: str = ""
    dietary_needs: str = ""
    needs_visa_letter: bool = False


def check_details(details: RegistrationDetails) -> RegistrationDetails:
    """The details with their texts cleaned; InvalidInput naming every broken rule."""
    checks = Checks()
    cleaned = replace(
        details,
        given_name=checks.text("given_name", details.given_name, GIVEN_NAME),
        family_name=checks.text("family_name", details.family_name, FAMILY_NAME),
        position_title=checks.text("position_title", details.position_title, POSITION),
        city_name=checks.text("city", details.city_name, CITY),
        organisation=checks.text("organisation", details.organisation, ORGANISATION),
        accessibility_needs=checks.text("accessibility_needs", details.accessibility_needs, NEEDS),
        dietary_needs=checks.text("dietary_needs", details.dietary_needs, NEEDS),
        country_code=details.country_code.strip().upper(),
    )
    if not is_country_code(cleaned.country_code):
        checks.refuse("country", _("Please choose a country."))
    if not isinstance(details.category, Category):
        checks.refuse("category", _("Please choose a category."))
    if any(code not in LANGUAGE_CODES for code in details.languages):
        checks.refuse("languages", _("Choose among the languages listed."))
    checks.done()
    return cleaned


def check_email(email: str) -> str:
    """The e-mail address as written (trimmed); InvalidInput when it is not one."""
    checks = Checks()
    email = checks.text("email", email, EMAIL)
    if "email" not in checks.problems:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            checks.refuse("email", _("Please enter a valid e-mail address."))
    checks.done()
    return email


def apply_details(registration: Registration, details: RegistrationDetails) -> None:
    registration.given_name = details.given_name
    registration.family_name = details.family_name
    registration.category = details.category
    registration.position_title = details.position_title
    registration.organisation = details.organisation
    registration.languages = list(details.languages)
    registration.accessibility_needs = details.accessibility_needs
    registration.dietary_needs = details.dietary_needs
    registration.needs_visa_letter = details.needs_visa_letter
    registration.city = find_or_create_city(details.city_name, details.country_code)


def details_of(registration: Registration) -> RegistrationDetails:
    """The editable details of a registration, to fill a form."""
    return RegistrationDetails(
        given_name=registration.given_name,
        family_name=registration.family_name,
        category=registration.category,
        position_title=registration.position_title,
        city_name=registration.city.name,
        country_code=registration.city.country_code,
        organisation=registration.organisation,
        languages=list(registration.languages),
        accessibility_needs=registration.accessibility_needs,
        dietary_needs=registration.dietary_needs,
        needs_visa_letter=registration.needs_visa_letter,
    )
