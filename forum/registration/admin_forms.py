"""Organisers' forms for registrations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectField, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.forms import Form, checked_by, choices, strip
from forum.registration.decisions import MESSAGE
from forum.registration.labels import CATEGORY_LABELS, STATUS_LABELS
from forum.registration.models import RegistrationStatus
from forum.registration.waitlist import OFFER_HOURS

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

    message = TextAreaField(
        _l("Message to the delegate (optional)"), filters=[strip], validators=checked_by(MESSAGE)
    )


class OfferHoursForm(Form):
    """How long a delegate has to take a place offered from the wait list."""

    hours = IntegerField(_l("Hours to answer an offered place"), validators=checked_by(OFFER_HOURS))
