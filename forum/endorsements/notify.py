"""Telling a signatory their endorsement is recorded."""

from __future__ import annotations

from forum.endorsements.models import Endorsement
from forum.mail.services import queue_email
from forum.urls import external_url


def notify_endorsed(endorsement: Endorsement) -> None:
    """Queue the confirmation e-mail (in the caller's transaction)."""
    user = endorsement.registration.user
    queue_email(
        user.email,
        "endorsed",
        locale=user.preferred_locale,
        endorsement=endorsement,
        edition=endorsement.declaration.edition,
        link=external_url("declaration.show"),
    )
