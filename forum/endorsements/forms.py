"""Forms of the declaration area."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from forum.endorsements.models import WindowOverride
from forum.endorsements.services import REASON, SIGNATORY_NAME, SIGNATORY_TITLE
from forum.forms import Form, checked_by, choices, strip


class EndorseForm(Form):
    """The signatory confirms name, title and city, then endorses."""

    name = StringField(_l("Your name"), filters=[strip], validators=checked_by(SIGNATORY_NAME))
    title = StringField(_l("Your title"), filters=[strip], validators=checked_by(SIGNATORY_TITLE))
    confirm = BooleanField(
        _l("I endorse this declaration on behalf of my city or region."),
        validators=[InputRequired(_l("Please tick the box to endorse."))],
    )


class WindowForm(Form):
    """When endorsements are taken: by the times, or opened or closed by hand."""

    override = SelectField(
        _l("Window"),
        choices=choices(
            [
                (WindowOverride.AUTO.value, _l("Follow the times below")),
                (WindowOverride.OPEN.value, _l("Open now, whatever the times")),
                (WindowOverride.CLOSED.value, _l("Closed now, whatever the times")),
            ]
        ),
    )
    opens_at = DateTimeLocalField(_l("Opens (local time)"), validators=[Optional()])
    closes_at = DateTimeLocalField(_l("Closes (local time)"), validators=[Optional()])

    def local_times(self, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        """The opening and closing times typed, read in the edition's zone."""
        return tuple(  # type: ignore[return-value]
            value.replace(tzinfo=zone) if value else None
            for value in (self.opens_at.data, self.closes_at.data)
        )


class WithdrawEndorsementForm(Form):
    """Withdrawing an endorsement needs a reason."""

    reason = TextAreaField(
        _l("Reason"),
        filters=[strip],
        validators=[DataRequired(_l("Give the reason for withdrawing it.")), *checked_by(REASON)],
    )
