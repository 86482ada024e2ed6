"""The programme attached to the e-mail that welcomes a delegate in."""

from __future__ import annotations

from forum.agenda.feeds import programme_invitation
from forum.mail.services import Attachment
from forum.registration.models import Registration


def programme_attachment(registration: Registration) -> list[Attachment]:
    """The programme as a calendar invitation (a welcome_attachments receiver)."""
    return [programme_invitation(registration)]
