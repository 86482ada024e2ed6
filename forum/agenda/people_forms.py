"""Organisers' forms for a session's people: a delegate found by name, or a guest."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import InputRequired, Optional

from forum.agenda.labels import role_label
from forum.agenda.models import PersonRole
from forum.agenda.people import DETAIL, NAME, PersonDraft
from forum.cities.services import country_choices
from forum.forms import Form, RememberedSelect, checked_by, choices, strip

# The order the list offers them in: the usual role first.
ROLE_ORDER = (PersonRole.SPEAKER, PersonRole.MODERATOR, PersonRole.RAPPORTEUR, PersonRole.KEYNOTE)


def _role_field() -> SelectField:
    return SelectField(_l("Role"), default=PersonRole.SPEAKER.value)


class _WithRole(Form):
    role: SelectField

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The roles' names are plural-aware messages (role_label), worded here per request.
        self.role.choices = choices((role.value, role_label(role)) for role in ROLE_ORDER)


class DelegatePersonForm(_WithRole):
    """A registration of the edition, found by name, in a role."""

    registration_id = HiddenField(validators=[InputRequired()])
    role = _role_field()

    def to_draft(self) -> PersonDraft:
        """The validated values as the service's input."""
        value = str(self.registration_id.data or "")
        registration_id = int(value) if value.isdigit() and len(value) < 10 else 0
        return PersonDraft(role=self.role.data, registration_id=registration_id)


class GuestPersonForm(_WithRole):
    """Someone who is not registered: a name and what to print beside it."""

    role = _role_field()
    name = StringField(_l("Name"), filters=[strip], validators=checked_by(NAME))
    title = StringField(_l("Position"), filters=[strip], validators=checked_by(DETAIL))
    organisation = StringField(_l("Organisation"), filters=[strip], validators=checked_by(DETAIL))
    city = StringField(_l("City"), filters=[strip], validators=checked_by(DETAIL))
    country_code = SelectField(_l("Country"), validators=[Optional()], widget=RememberedSelect())

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
