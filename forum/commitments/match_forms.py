"""The one small form behind every "connect us" and "propose" button: which need, and which
offer or action (hidden fields; the service checks them)."""

from __future__ import annotations

from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from forum.forms import Form

ID = (Optional(), NumberRange(min=1, max=2**31 - 1))


class ConnectForm(Form):
    """A need and an offer or an action, as ids."""

    need_id = IntegerField(widget=HiddenInput(), validators=list(ID))
    offer_id = IntegerField(widget=HiddenInput(), validators=list(ID))
    action_id = IntegerField(widget=HiddenInput(), validators=list(ID))
