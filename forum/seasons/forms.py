"""The forms of the editions pages: an edition's settings, and cloning it."""

from __future__ import annotations

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import InputRequired, Optional

from forum.cities.services import country_choices
from forum.editions.models import Edition
from forum.editions.settings import (
    CAPACITY,
    CITY,
    CONTACT,
    NUMBER,
    OFFER_HOURS,
    SOURCE,
    SUBTITLE,
    TITLE,
    VENUE,
    WINDOWS,
    EditionSettings,
    zone_choices,
)
from forum.forms import Form, MultiCheckboxField, RememberedSelect, checked_by, choices, strip
from forum.i18n import LANGUAGE_NAMES
from forum.timezones import in_zone
from forum.translation_forms import TranslationsField, offer_languages


class _Place(Form):
    """Where and when: shared by the settings and the clone forms."""

    number = IntegerField(_l("Number"), validators=[InputRequired(), *checked_by(NUMBER)])
    title = StringField(_l("Title"), filters=[strip], validators=checked_by(TITLE))
    city = StringField(_l("City"), filters=[strip], validators=checked_by(CITY))
    country_code = SelectField(
        _l("Country"),
        validators=[InputRequired(_l("Please choose a country."))],
        widget=RememberedSelect(),
    )
    timezone = SelectField(_l("Time zone"), validators=[InputRequired()], widget=RememberedSelect())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.country_code.choices = choices(
            [("", _l("Choose one…")), *country_choices(str(get_locale()))]
        )
        self.timezone.choices = choices(zone_choices())


class EditionForm(_Place):
    """Every setting of an edition; the windows in its local time."""

    title_i18n = TranslationsField(_l("Title in other languages"), rule=TITLE)
    subtitle = StringField(_l("Subtitle"), filters=[strip], validators=checked_by(SUBTITLE))
    subtitle_i18n = TranslationsField(_l("Subtitle in other languages"), rule=SUBTITLE)
    default_language = SelectField(_l("Default language of the content"))
    languages = MultiCheckboxField(_l("Languages offered"))
    badge_prefix = StringField(_l("Badge prefix"), filters=[strip])
    venue = StringField(_l("Venue"), filters=[strip], validators=checked_by(VENUE))
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    capacity = IntegerField(_l("Places"), validators=[Optional(), *checked_by(CAPACITY)])
    registration_opens = DateTimeLocalField(_l("Registration opens"), validators=[Optional()])
    registration_closes = DateTimeLocalField(_l("Registration closes"), validators=[Optional()])
    edit_deadline = DateTimeLocalField(_l("Delegates may edit until"), validators=[Optional()])
    gfmd_agenda_source = StringField(
        _l("Summit agenda source (feed address)"), filters=[strip], validators=checked_by(SOURCE)
    )
    waitlist_offer_hours = IntegerField(
        _l("Hours to take an offered place"), validators=[InputRequired(), *checked_by(OFFER_HOURS)]
    )
    contact_email = EmailField(
        _l("Contact address"), filters=[strip], validators=checked_by(CONTACT)
    )
    confirm = HiddenField()

    def offer(self, edition: Edition) -> None:
        """The site's languages to choose from, and a translation input per offered one."""
        spoken = [
            (code, LANGUAGE_NAMES.get(code, code)) for code in current_app.config["LANGUAGES"]
        ]
        self.default_language.choices = choices(spoken)
        self.languages.choices = choices(spoken)
        offer_languages(self, edition)

    def fill_from(self, edition: Edition) -> None:
        """Show the edition's settings, its windows in its own zone."""
        for name in EditionSettings.__dataclass_fields__:
            if name not in WINDOWS:
                self[name].data = getattr(edition, name)
        for name, column in WINDOWS.items():
            value = getattr(edition, column)
            self[name].data = in_zone(value, edition.zone).replace(tzinfo=None) if value else None
        self.gfmd_agenda_source.data = edition.gfmd_agenda_source or ""

    def to_settings(self) -> EditionSettings:
        """The typed values as the service's input."""
        return EditionSettings(
            **{name: self[name].data for name in EditionSettings.__dataclass_fields__}
        )


class CloneForm(_Place):
    """The new edition's number, place and dates; the rest is copied."""

    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(
        _l("Last day (optional: as long as the edition cloned)"), validators=[Optional()]
    )

    def typed(self) -> dict[str, object]:
        """What the organiser typed, for clone_settings."""
        names = ("number", "title", "city", "country_code", "timezone", "starts_on", "ends_on")
        return {name: self[name].data for name in names}
