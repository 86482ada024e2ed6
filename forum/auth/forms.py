"""Sign-in forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length

from forum.forms import Form, strip


class PasswordLoginForm(Form):
    """Staff and organisers sign in with a password."""

    email = EmailField(
        _l("E-mail address"), filters=[strip], validators=[DataRequired(), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


class MagicLinkForm(Form):
    """Delegates ask for a sign-in link by e-mail."""

    email = EmailField(
        _l("E-mail address"),
        id="link-email",
        filters=[strip],
        validators=[
            DataRequired(),
            Length(max=254),
            Email(_l("Please enter a valid e-mail address.")),
        ],
    )


class RedeemForm(Form):
    """The button that spends a magic link (a GET alone must not, for mail scanners)."""


class CodeForm(Form):
    """The six-digit code of an authenticator app."""

    code = StringField(
        _l("Code from your app"),
        filters=[strip],
        validators=[DataRequired(), Length(max=12)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"},
    )
