"""Organisers' forms for the programme."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp

from forum.agenda.csv_import import read_upload
from forum.agenda.editing import DESCRIPTION, PLACES, TITLE, SessionDraft
from forum.agenda.gcm import GCM_OBJECTIVES, gcm_title
from forum.agenda.labels import SESSION_KIND_LABELS
from forum.agenda.models import Room, Session, SessionKind, Theme
from forum.agenda.venue import (
    ROOM_NAME,
    SEATS,
    SLUG,
    SLUG_LENGTH,
    THEME_DESCRIPTION,
    THEME_TITLE,
)
from forum.editions.models import Edition
from forum.forms import (
    DataTextField,
    Form,
    MultiCheckboxField,
    checked_by,
    choices,
    enum_choice,
    strip,
)
from forum.timezones import in_zone
from forum.translation_forms import TranslationsField


def _optional_int(value: object) -> int | None:
    return int(str(value)) if value not in (None, "", "None") else None


class ThemeForm(Form):
    """A policy theme."""

    title = StringField(_l("Title"), filters=[strip], validators=checked_by(THEME_TITLE))
    slug = StringField(
        _l("Address (slug)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(max=SLUG_LENGTH),
            Regexp(SLUG, message=_l("Use lower-case letters, digits and hyphens.")),
        ],
    )
    title_i18n = TranslationsField(_l("Title in other languages"), rule=THEME_TITLE)
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=checked_by(THEME_DESCRIPTION)
    )
    description_i18n = TranslationsField(
        _l("Description in other languages"), rule=THEME_DESCRIPTION
    )
    gcm_objectives = MultiCheckboxField(_l("GCM objectives"), coerce=int)
    is_published = BooleanField(_l("Published"), default=True)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        here = str(get_locale())
        self.gcm_objectives.choices = choices(
            (n, f"{n}. {gcm_title(n, here)}") for n in GCM_OBJECTIVES
        )

    def values(self) -> dict[str, object]:
        """The validated values as the service's keyword arguments."""
        return {
            "title": self.title.data,
            "slug": self.slug.data,
            "description": self.description.data or "",
            "title_i18n": self.title_i18n.data,
            "description_i18n": self.description_i18n.data,
            "gcm_objectives": sorted(self.gcm_objectives.data),
            "is_published": bool(self.is_published.data),
        }


class RoomForm(Form):
    """A room of the venue."""

    name = StringField(_l("Name"), filters=[strip], validators=checked_by(ROOM_NAME))
    name_i18n = TranslationsField(_l("Name in other languages"), rule=ROOM_NAME)
    seats = IntegerField(_l("Seats"), validators=checked_by(SEATS))


class SessionForm(Form):
    """A forum session; times are local to the edition."""

    title = StringField(_l("Title"), filters=[strip], validators=checked_by(TITLE))
    title_i18n = TranslationsField(_l("Title in other languages"), rule=TITLE)
    kind = SelectField(
        _l("Kind"),
        choices=choices((k.value, label) for k, label in SESSION_KIND_LABELS.items()),
        coerce=enum_choice(SessionKind),
        default=SessionKind.THEME_SESSION,
    )
    theme_id = SelectField(_l("Theme"), coerce=_optional_int, validators=[Optional()])
    room_id = SelectField(_l("Room"), coerce=_optional_int, validators=[Optional()])
    day = DateField(_l("Day"), validators=[InputRequired(_l("Please give the day."))])
    start = TimeField(
        _l("Starts at"), validators=[InputRequired(_l("Please give the start time."))]
    )
    end = TimeField(_l("Ends at"), validators=[InputRequired(_l("Please give the end time."))])
    capacity = IntegerField(
        _l("Places (leave empty for no sign-up)"),
        validators=checked_by(PLACES),
    )
    description = TextAreaField(
        _l("Description"),
        filters=[strip],
        validators=checked_by(DESCRIPTION),
    )
    description_i18n = TranslationsField(_l("Description in other languages"), rule=DESCRIPTION)
    is_published = BooleanField(_l("Published"), default=True)

    def set_choices(self, themes: list[Theme], rooms: list[Room]) -> None:
        """Offer the edition's themes and rooms."""
        self.theme_id.choices = choices([("", _l("No theme")), *((t.id, t.title) for t in themes)])
        self.room_id.choices = choices([("", _l("No room")), *((r.id, r.name) for r in rooms)])

    def show(self, session: Session | None, edition: Edition, *, theme_id: int | None) -> None:
        """Fill the form for its first display: the session's local times, or a new one's day."""
        if session is None:
            self.day.data = edition.starts_on
            self.theme_id.data = theme_id
            return
        starts = in_zone(session.starts_at, edition.zone)
        self.day.data = starts.date()
        self.start.data = starts.time()
        self.end.data = in_zone(session.ends_at, edition.zone).time()

    def to_draft(self) -> SessionDraft:
        """The validated values as the service's input."""
        return SessionDraft(
            title=self.title.data,
            kind=SessionKind(self.kind.data),
            day=self.day.data,
            start=self.start.data,
            end=self.end.data,
            theme_id=self.theme_id.data,
            room_id=self.room_id.data,
            capacity=self.capacity.data,
            description=self.description.data or "",
            is_published=bool(self.is_published.data),
            title_i18n=self.title_i18n.data,
            description_i18n=self.description_i18n.data,
        )


class ImportForm(Form):
    """A CSV file of sessions: previewed first, written only when confirmed."""

    file = FileField(_l("CSV file"))
    csv_text = DataTextField(validators=[Optional(), Length(max=1_000_000)])
    confirm = BooleanField()

    encoding = ""  # how the uploaded file was read, for the preview to say

    def text(self) -> str:
        """The CSV's text: posted back from the preview, else the uploaded file's.

        The text is kept in the form, so the confirming post carries what was previewed.
        """
        if not self.csv_text.data:
            self.csv_text.data, self.encoding = read_upload(self.file.data)
        return str(self.csv_text.data)
