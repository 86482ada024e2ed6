"""Forms of the registration area."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length

from forum.cities.services import country_choices
from forum.forms import Form, MultiCheckboxField, RememberedSelect, checked_by, choices, strip
from forum.registration.details import (
    CITY,
    FAMILY_NAME,
    GIVEN_NAME,
    LANGUAGE_CODES,
    NEEDS,
    ORGANISATION,
    POSITION,
    RegistrationDetails,
)
from forum.registration.labels import CATEGORY_LABELS
from forum.registration.models import Category

LANGUAGE_LABELS = {
    "en": _l("English"),
    "fr": _l("French"),
    "es": _l("Spanish"),
    "ar": _l("Arabic"),
    "pt": _l("Portuguese"),
    "zh": _l("Chinese"),
    "ru": _l("Russian"),
    "de": _l("German"),
    "it": _l("Italian"),
    "tr": _l("Turkish"),
}
LANGUAGE_CHOICES = [(code, LANGUAGE_LABELS[code]) for code in LANGUAGE_CODES]


class DetailsForm(Form):
    """A delegate's details: used to register and to edit a registration."""

    given_name = StringField(_l("Given name"), filters=[strip], validators=checked_by(GIVEN_NAME))
    family_name = StringField(
        _l("Family name"), filters=[strip], validators=checked_by(FAMILY_NAME)
    )
    category = SelectField(
        _l("Category"),
        choices=choices(
            [("", _l("Choose one…")), *((c.value, label) for c, label in CATEGORY_LABELS.items())]
        ),
        validators=[DataRequired(_l("Please choose a category."))],
    )
    position_title = StringField(
        _l("Position or title"),
        filters=[strip],
        validators=checked_by(POSITION),
    )
    city = StringField(
        _l("City or region you represent"),
        filters=[strip],
        validators=checked_by(CITY),
    )
    country = SelectField(
        _l("Country"),
        validators=[DataRequired(_l("Please choose a country."))],
        widget=RememberedSelect(),
    )
    organisation = StringField(
        _l("Organisation"), filters=[strip], validators=checked_by(ORGANISATION)
    )
    languages = MultiCheckboxField(_l("Languages you work in"), choices=choices(LANGUAGE_CHOICES))
    accessibility_needs = TextAreaField(
        _l("Accessibility needs"),
        filters=[strip],
        validators=checked_by(NEEDS),
    )
    dietary_needs = TextAreaField(
        _l("Dietary needs"),
        filters=[strip],
        validators=checked_by(NEEDS),
    )
    needs_visa_letter = BooleanField(_l("I need a letter of invitation for my visa application"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = choices(
            [("", _l("Choose one…")), *country_choices(str(get_locale()))]
        )

    def to_details(self) -> RegistrationDetails:
        """The validated values as the service's input."""
        return RegistrationDetails(
            given_name=self.given_name.data,
            family_name=self.family_name.data,
            category=Category(self.category.data),
            position_title=self.position_title.data,
            city_name=self.city.data,
            country_code=self.country.data,
            organisation=self.organisation.data or "",
            languages=list(self.languages.data or []),
            accessibility_needs=self.accessibility_needs.data or "",
            dietary_needs=self.dietary_needs.data or "",
            needs_visa_letter=bool(self.needs_visa_letter.data),
        )

    def fill_from(self, details: RegistrationDetails) -> None:
        """Show a registration's current details."""
        for name in (
            "given_name",
            "family_name",
            "position_title",
            "organisation",
            "accessibility_needs",
            "dietary_needs",
            "needs_visa_letter",
            "languages",
        ):
            getattr(self, name).data = getattr(details, name)
        self.category.data = details.category.value
        self.city.data = details.city_name
        self.country.data = details.country_code


class RegistrationForm(DetailsForm):
    """The public registration form: details plus e-mail and consent."""

    email = EmailField(
        _l("E-mail address"),
        filters=[strip],
        validators=[
            DataRequired(),
            Length(max=254),
            Email(message=_l("Please enter a valid e-mail address.")),
        ],
    )
    consent = BooleanField(
        _l("I agree that the organisers process these data to run the forum."),
        validators=[InputRequired(_l("We cannot register you without this consent."))],
    )


class ConfirmForm(Form):
    """A button: confirm the e-mail address."""


class WithdrawForm(Form):
    """A button: withdraw the registration."""

    confirm = BooleanField(
        _l("Yes, I will not attend"),
        validators=[InputRequired(_l("Please tick the box to confirm."))],
    )
