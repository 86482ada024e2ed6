"""Organisers' forms for a session's people: a delegate found by name, or a guest."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Optional

from forum.agenda.models import PersonRole
from forum.agenda.people import DETAIL, NAME, PersonDraft
from forum.cities.services import country_choices
from forum.forms import Form, checked_by, choices, strip

ROLE_CHOICES = (
    (PersonRole.SPEAKER.value, _l("Speaker")),
    (PersonRole.MODERATOR.value, _l("Moderator")),
    (PersonRole.RAPPORTEUR.value, _l("Rapporteur")),
    (PersonRole.KEYNOTE.value, _l("Keynote speaker")),
)


def _role_field() -> SelectField:
    return SelectField(_l("Role"), choices=choices(ROLE_CHOICES), default="speaker")


class DelegatePersonForm(Form):
    """A registration of the edition, found by name, in a role."""

    registration_id = HiddenField(validators=[InputRequired()])
    role = _role_field()

    def to_draft(self) -> PersonDraft:
        """The validated values as the service's input."""
        value = str(self.registration_id.data or "")
        registration_id = int(value) if value.isdigit() and len(value) < 10 else 0
        return PersonDraft(role=self.role.data, registration_id=registration_id)


class GuestPersonForm(Form):
    """Someone who is not registered: a name and what to print beside it."""

    role = _role_field()
    name = StringField(_l("Name"), filters=[strip], validators=checked_by(NAME))
    title = StringField(_l("Position"), filters=[strip], validators=checked_by(DETAIL))
    organisation = StringField(_l("Organisation"), filters=[strip], validators=checked_by(DETAIL))
    city = StringField(_l("City"), filters=[strip], validators=checked_by(DETAIL))
    country_code = SelectField(_l("Country"), validators=[Optional()])

    def set_choices(self) -> None:
        """Offer every country, named in the organiser's language."""
        self.country_code.choices = choices(
            [("", _l("Not given")), *country_choices(str(get_locale()))]
        )

    def to_draft(self) -> PersonDraft:
        """The validated values as the service's input."""
        return PersonDraft(
            role=self.role.data,
            name=self.name.data or "",
            title=self.title.data or "",
            organisation=self.organisation.data or "",
            city=self.city.data or "",
            country_code=self.country_code.data or "",
        )
