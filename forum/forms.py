"""Form pieces shared by every area: the base form, and a few fields and helpers."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar, cast

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import Field, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget, Select

from forum.validation import Checks, Text, Whole, control_problem

E = TypeVar("E", bound=enum.Enum)


class Form(FlaskForm):
    """Every form of the app: no text field takes invisible control characters, and only
    text areas take line breaks (the same rule the services apply)."""

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        """Run the fields' validators, then the one rule about characters for every text."""
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field.data, str) or isinstance(field, DataTextField):
                continue
            problem = control_problem(field.data, multiline=isinstance(field, TextAreaField))
            if problem is not None and problem not in field.errors:
                field.errors = [*field.errors, problem]
                valid = False
        return valid


# (value, label, selected) -> the option's HTML; bounded (labels come in a few languages).
_OPTIONS: dict[tuple[str, object, str, bool], Markup] = {}
MAX_OPTIONS = 8192


class RememberedSelect(Select):
    """A select of hundreds of fixed options (countries, time zones): each option's HTML is
    made once per value, label and state, not again on every page that shows the list."""

    @classmethod
    def render_option(cls, choice: Any, **kwargs: Any) -> Markup:
        if kwargs or choice.render_kw:
            return cast(Markup, super().render_option(choice, **kwargs))
        # The escaped label: a Markup label and a plain one of the same text differ.
        label = str(escape(choice.label or choice.value))
        key = (type(choice.value).__name__, choice.value, label, bool(choice.selected))
        html = _OPTIONS.get(key)
        if html is None:
            if len(_OPTIONS) >= MAX_OPTIONS:
                _OPTIONS.clear()
            html = _OPTIONS[key] = cast(Markup, super().render_option(choice))  # escaped
        return html


class DataTextField(TextAreaField):
    """Text that is data, not prose (a pasted CSV file): its service checks it row by row, so
    the form's rule about characters does not apply to it as a whole."""


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


class Follows:
    """A WTForms validator that applies a service's rule in the service's own words, so the
    form, the CSV import, the API and the CLI refuse the same input with the same message."""

    def __init__(self, rule: Text | Whole) -> None:
        self.rule = rule
        # Flags let the browser say it first: required, maxlength, min and max on the input.
        if isinstance(rule, Whole):
            self.field_flags = {"min": rule.minimum, "max": rule.maximum}
        else:
            self.field_flags = {"maxlength": rule.max_length, "required": rule.required}

    def __call__(self, _form: Form, field: Field) -> None:
        if not self.field_flags.get("required") and not any(field.raw_data or []):
            # Nothing typed in an optional field: nothing to refuse (WTForms' Optional does so).
            field.errors = []
            raise StopValidation
        checks = Checks()
        if isinstance(self.rule, Whole):
            checks.whole(field.name, field.data, self.rule)
        elif isinstance(field.data, str) or field.data is None:
            checks.text(field.name, field.data, self.rule)
        if checks.problems:
            raise StopValidation(checks.problems[field.name])


def checked_by(rule: Text | Whole) -> list[Follows]:
    """The validators of a form field that a service's rule governs."""
    return [Follows(rule)]


def enum_choice(enum_cls: type[E]) -> Callable[[object], E | object]:
    """A SelectField ``coerce`` for an enum column: a form filled from a model (``obj=``)
    then shows the stored member as selected; an unknown value stays as typed, so the field
    says "Not a valid choice" as for any other select."""

    def coerce(value: object) -> E | object:
        if isinstance(value, enum_cls):
            return value
        try:
            return enum_cls(value)
        except ValueError:
            return value

    return coerce
