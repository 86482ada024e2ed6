"""The programme attached to the e-mail that welcomes a delegate in."""

from __future__ import annotations

from forum.agenda.feeds import FeedScope, render_feed
from forum.mail.services import Attachment
from forum.registration.models import Registration


def programme_attachment(registration: Registration) -> list[Attachment]:
    """The edition's programme as an .ics any calendar opens (a welcome_attachments receiver)."""
    edition = registration.edition
    calendar = render_feed(FeedScope(edition))
    return [Attachment(f"mayoral-forum-{edition.year}.ics", "text/calendar", calendar)]
