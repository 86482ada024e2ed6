"""The organisers' form that starts a summit agenda sync."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField
from wtforms.validators import Length, Optional, ValidationError

from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.history import SOURCE_LENGTH
from forum.forms import Form, strip

WEB_SCHEMES = {"http", "https", "webcal"}


class SyncForm(Form):
    """Where to read the summit's calendar from; empty means the edition's own source."""

    source = StringField(
        _l("Summit agenda (calendar address)"),
        validators=[Optional(), Length(max=SOURCE_LENGTH)],
        filters=[strip],
    )

    def __init__(self, *args: Any, stored_source: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stored_source = stored_source

    def validate_source(self, field: Field) -> None:
        """A web address; a file path only when it is already the edition's source or the demo."""
        value = field.data or ""
        if not value:
            if not self.stored_source:
                raise ValidationError(_l("Give the address of the summit's calendar."))
            return
        if _is_web_address(value) or value in {self.stored_source, str(demo_feed_path())}:
            return
        # Reading any file the server can see would leak it through the error messages.
        raise ValidationError(
            _l("Give an http or https address; other files can be synced from the command line.")
        )


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)
