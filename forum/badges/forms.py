"""The organisers' badge printing form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField

from forum.badges.labels import LAYOUT_LABELS
from forum.forms import Form, choices
from forum.registration.labels import CATEGORY_LABELS
from forum.registration.models import Category


class BadgeJobForm(Form):
    """Which badges to print, and on what."""

    layout = SelectField(_l("Layout"), choices=choices(LAYOUT_LABELS.items()), default="a4")
    category = SelectField(
        _l("Category"),
        choices=choices(
            [("", _l("All categories"))]
            + [(category.value, label) for category, label in CATEGORY_LABELS.items()]
        ),
        default="",
    )
    not_printed = BooleanField(_l("Only badges not printed yet"))

    def selected_category(self) -> Category | None:
        """The category chosen, or None for all."""
        return Category(self.category.data) if self.category.data else None
