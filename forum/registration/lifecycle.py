"""Moving a registration between states, and telling the delegate: the steps every path shares."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from forum.audit.services import record
from forum.auth.models import User
from forum.extensions import db
from forum.mail.services import Attachment, queue_email
from forum.registration.links import private_link, private_link_token
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.signals import status_changed, welcome_attachments
from forum.translated import Localized
from forum.urls import external_url
from forum.written import Written

# E-mails that welcome a delegate in: they carry the programme and the badge.
WELCOME_TEMPLATES = {"approved"}


def notify(registration: Registration, template: str, **context: object) -> None:
    """Queue ``mail/<template>`` for the delegate, in their language, with their links."""
    queue_email(
        registration.user.email,
        template,
        locale=registration.user.preferred_locale,
        attachments=_attachments_for(registration, template),
        registration=registration,
        edition=registration.edition,
        link=private_link(registration),
        programme_link=external_url("agenda.picks", token=private_link_token(registration)),
        **context,
    )


def message_for(registration: Registration, message: Written) -> Localized:
    """The organisers' message in the language the delegate's e-mails are written in."""
    language = registration.user.preferred_locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    return message.in_language(language)


def _attachments_for(registration: Registration, template: str) -> list[Attachment]:
    """Welcome e-mails carry what other areas attach (the programme, the badge)."""
    if template not in WELCOME_TEMPLATES:
        return []
    return [
        attachment
        for _receiver, attachments in welcome_attachments.send(registration)
        for attachment in attachments or []
    ]


def set_status(
    registration: Registration,
    status: RegistrationStatus,
    *,
    actor: User | None,
    now: datetime,
    message: str = "",
) -> None:
    """Change the status, audit it, and let other areas follow (badges are issued or revoked)."""
    before = registration.status
    registration.status = status
    registration.status_changed_at = now
    db.session.flush()
    record(
        f"registration.{status.value}",
        registration,
        actor=actor,
        before=before.value,
        after=status.value,
        message=message,
    )
    status_changed.send(registration, before=before, after=status, now=now)
