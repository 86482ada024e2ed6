"""Form pieces shared by several areas."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

# NUL and other C0 controls (tab and newlines allowed) break databases and displays.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def no_control_characters(_form: Form, field: Field) -> None:
    """Refuse invisible control characters in text."""
    if isinstance(field.data, str) and _CONTROL_CHARACTERS.search(field.data):
        raise ValidationError(_l("Please remove the invisible control characters."))


def single_line(_form: Form, field: Field) -> None:
    """Refuse line breaks in one-line fields."""
    if isinstance(field.data, str) and ("\n" in field.data or "\r" in field.data):
        raise ValidationError(_l("Please keep this on one line."))


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
