"""Organisers' forms for registrations."""

from __future__ import annotations

from typing import TypedDict

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.forms import Form, checked_by, choices, strip
from forum.registration.decisions import MESSAGE
from forum.registration.labels import CATEGORY_LABELS, STATUS_LABELS
from forum.registration.models import RegistrationStatus
from forum.registration.waitlist import OFFER_HOURS
from forum.translation_forms import TranslationsField

DECISION_CHOICES = [
    (RegistrationStatus.APPROVED.value, _l("Approve")),
    (RegistrationStatus.WAITLISTED.value, _l("Wait-list")),
    (RegistrationStatus.REJECTED.value, _l("Reject")),
]


class FilterForm(Form):
    """The filters above the registrations list (a GET form, no CSRF needed)."""

    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        choices=choices(
            [("", _l("Any status")), *((s.value, label) for s, label in STATUS_LABELS.items())]
        ),
        validators=[Optional()],
    )
    category = SelectField(
        _l("Category"),
        choices=choices(
            [("", _l("Any category")), *((c.value, label) for c, label in CATEGORY_LABELS.items())]
        ),
        validators=[Optional()],
    )
    country = SelectField(_l("Country"), validators=[Optional()])
    q = SearchField(_l("Search"), filters=[strip], validators=[Optional(), Length(max=100)])


class MessageValues(TypedDict):
    """An organiser's message to delegates: the default language's text and the others."""

    message: str
    message_i18n: dict[str, str]


class DecisionForm(Form):
    """Approve, wait-list or reject, with an optional message to the delegate."""

    decision = SelectField(
        _l("Decision"), choices=choices(DECISION_CHOICES), validators=[DataRequired()]
    )
    message = TextAreaField(
        _l("Message to the delegate (optional)"),
        filters=[strip],
        validators=checked_by(MESSAGE),
    )
    message_i18n = TranslationsField(_l("Message in other languages"), rule=MESSAGE)


class BulkDecisionForm(DecisionForm):
    """The same decision for every ticked registration."""

    ids = SelectMultipleField(
        _l("Registrations"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Tick at least one registration."))],
    )


class ChangeReviewForm(Form):
    """Accept or decline the changes a delegate asked for, with a word to them."""

    # Ids of their own: the decision form shares the page and the field names.
    message = TextAreaField(
        _l("Message to the delegate (optional)"),
        id="review-message",
        filters=[strip],
        validators=checked_by(MESSAGE),
    )
    message_i18n = TranslationsField(
        _l("Message in other languages"), id="review-message_i18n", rule=MESSAGE
    )


def message_values(form: DecisionForm | ChangeReviewForm) -> MessageValues:
    """The message of a decision or review form in each language, as the services' keyword
    arguments (the services check it)."""
    return {"message": form.message.data or "", "message_i18n": form.message_i18n.data}


class OfferHoursForm(Form):
    """How long a delegate has to take a place offered from the wait list."""

    hours = IntegerField(_l("Hours to answer an offered place"), validators=checked_by(OFFER_HOURS))
