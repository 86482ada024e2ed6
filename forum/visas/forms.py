"""The delegate's visa request form and the organiser's refusal form."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from forum.cities.services import country_choices
from forum.forms import Form, RememberedSelect, checked_by, choices, strip
from forum.translation_forms import TranslationsField
from forum.visas.services import CONSULATE, NAME, REASON, PassportDetails


class VisaRequestForm(Form):
    """What an embassy needs: the traveller's passport and where they apply."""

    passport_name = StringField(
        _l("Full name as written in your passport"), filters=[strip], validators=checked_by(NAME)
    )
    nationality = SelectField(
        _l("Nationality"),
        validators=[DataRequired(_l("Choose your nationality from the list."))],
        widget=RememberedSelect(),
    )
    passport_number = StringField(
        _l("Passport number"), filters=[strip], validators=[InputRequired()]
    )
    passport_expiry = DateField(_l("Passport valid until"), validators=[InputRequired()])
    birth_date = DateField(_l("Date of birth"), validators=[InputRequired()])
    consulate = StringField(
        _l("City and country of the embassy or consulate where you apply"),
        filters=[strip],
        validators=checked_by(CONSULATE),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.nationality.choices = choices(
            [("", _l("Choose one…")), *country_choices(str(get_locale()))]
        )

    def to_details(self) -> PassportDetails:
        """The typed values as the service's input (the service checks them)."""
        return PassportDetails(
            passport_name=self.passport_name.data or "",
            nationality=self.nationality.data or "",
            passport_number=self.passport_number.data or "",
            passport_expiry=self.passport_expiry.data,
            birth_date=self.birth_date.data,
            consulate=self.consulate.data or "",
        )


class RefusalForm(Form):
    """Why a request is refused: the delegate reads it."""

    reason = TextAreaField(
        _l("Reason, sent to the delegate"),
        filters=[strip],
        validators=[DataRequired(_l("Say why, for the delegate."))],
    )
    reason_i18n = TranslationsField(_l("Reason in other languages"), rule=REASON)
