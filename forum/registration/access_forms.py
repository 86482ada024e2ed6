"""Forms for a registration's keys: a new private link, a new e-mail address, signing out."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length

from forum.forms import strip


class ButtonForm(FlaskForm):
    """A button that changes something (a new link, signing out): only its CSRF token."""


class EmailChangeForm(FlaskForm):
    """The new address; nothing changes until a link sent there is opened."""

    email = EmailField(
        _l("New e-mail address"),
        filters=[strip],
        validators=[
            DataRequired(),
            Length(max=254),
            Email(message=_l("Please enter a valid e-mail address.")),
        ],
    )
