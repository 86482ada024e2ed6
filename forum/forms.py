"""Form pieces shared by every area: the base form, and a few fields and helpers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from forum.validation import control_problem


class Form(FlaskForm):
    """Every form of the app: no text field takes invisible control characters, and only
    text areas take line breaks (the same rule the services apply)."""

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Run the fields' validators, then the one rule about characters for every text."""
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field.data, str):
                continue
            problem = control_problem(field.data, multiline=isinstance(field, TextAreaField))
            if problem is not None:
                field.errors = [*field.errors, problem]
                valid = False
        return valid


class ButtonForm(Form):
    """A bare button: only the CSRF token travels."""


def strip(value: object) -> object:
    """Filter: trim surrounding white space from text."""
    return value.strip() if isinstance(value, str) else value


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]
