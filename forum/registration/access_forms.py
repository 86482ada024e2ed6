"""The form for a registration's new e-mail address."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField
from wtforms.validators import DataRequired, Email, Length

from forum.forms import Form, strip


class EmailChangeForm(Form):
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
