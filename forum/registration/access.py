"""Who can open a registration: new private links, a changed e-mail address, signing out.

Every path that hands out a new key e-mails it to the registered address, never to the
browser that asked: whoever holds a stolen link can end it, but cannot keep the new one.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from forum.audit.services import record
from forum.auth.models import Role, User
from forum.auth.services import end_sessions, find_user, normalise_email
from forum.errors import DomainError, InvalidInput, NotAllowed
from forum.extensions import db
from forum.mail.services import queue_email
from forum.registration.lifecycle import notify
from forum.registration.links import LinkState, PrivateLink
from forum.registration.models import Registration
from forum.urls import external_url

EMAIL_CHANGE_SALT = "registration-email-change"


class InvalidConfirmation(DomainError):
    """An e-mail change confirmation that is forged, expired or already used."""

    status = 400


def replace_private_link(
    registration: Registration, *, actor: User | None, seen_version: int | None = None
) -> None:
    """End every earlier private link of ``registration`` and e-mail the new one.

    ``seen_version``: the version of the link the request came with (a delegate's press);
    if another press replaced it meanwhile, this one is refused rather than repeated.
    """
    _lock(registration)
    if seen_version is not None and registration.link_version != seen_version:
        raise NotAllowed("link_replaced", _("This link was just replaced: check your e-mail."))
    registration.link_version += 1
    record("registration.link_replaced", registration, actor=actor)
    notify(registration, "new_link", reason="replaced")


def _lock(row: Registration | User) -> None:
    """Lock the row and read it again: what another transaction committed meanwhile counts."""
    db.session.refresh(row, with_for_update=True)


def send_fresh_link(link: PrivateLink) -> None:
    """E-mail a working link to the registered address of an expired or replaced link."""
    if link.registration is None or link.state not in {LinkState.EXPIRED, LinkState.REPLACED}:
        raise NotAllowed("link_still_valid", _("This link still works."))
    record("registration.link_renewed", link.registration, actor=None)
    notify(link.registration, "new_link", reason="renewed")


def sign_person_out(registration: Registration, *, actor: User) -> None:
    """End every session of the registration's person, on every device (audited)."""
    end_sessions(registration.user)
    record("registration.signed_out_everywhere", registration, actor=actor)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=EMAIL_CHANGE_SALT)


def request_email_change(registration: Registration, new_email: str) -> None:
    """Send a confirmation link to ``new_email``; nothing changes until it is opened."""
    user, address = registration.user, normalise_email(new_email)
    _refuse_privileged(user)
    if address == user.email:
        raise InvalidInput({"email": _("That is already your address.")})
    _refuse_taken(address, user)
    token = _serializer().dumps([registration.id, registration.link_version, address])
    queue_email(
        address,
        "email_change",
        locale=user.preferred_locale,
        registration=registration,
        edition=registration.edition,
        link=external_url("registration.confirm_email_change", token=token),
    )
    record("registration.email_change_requested", registration, actor=user, to=address)


def _refuse_privileged(user: User) -> None:
    # A private link must never move the address a staff or organiser account signs in with.
    if user.has_role(Role.STAFF):
        raise NotAllowed("staff_account", _("The organisers change the address of staff accounts."))


def _refuse_taken(address: str, user: User) -> None:
    other = find_user(address)
    if other is not None and other.id != user.id:
        raise InvalidInput({"email": _("That address is already used by another account.")})


def confirm_email_change(token: str) -> Registration:
    """Move the registration's account to the confirmed address; its private link, sign-in
    links and sessions all start afresh, and the old address is told."""
    registration, address = _change_named_by(token)
    user = registration.user
    _lock(user)
    _refuse_privileged(user)
    _refuse_taken(address, user)
    old_address = user.email
    _move_address(user, address)
    user.login_counter += 1  # sign-in links sent to the old address stop working
    end_sessions(user)
    registration.link_version += 1
    record(
        "registration.email_changed", registration, actor=user, before=old_address, after=address
    )
    notify(registration, "new_link", reason="email_changed")
    queue_email(
        old_address, "email_changed", locale=user.preferred_locale, registration=registration
    )
    return registration


def _move_address(user: User, address: str) -> None:
    try:
        with db.session.begin_nested():  # another account may take the address meanwhile
            user.email = address
            db.session.flush()
    except IntegrityError as error:
        raise InvalidInput(
            {"email": _("That address is already used by another account.")}
        ) from error


def _change_named_by(token: str) -> tuple[Registration, str]:
    max_age = current_app.config["EMAIL_CHANGE_MAX_AGE_SECONDS"]
    try:
        registration_id, version, address = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidConfirmation(
            "link_expired", _("This confirmation link has expired.")
        ) from error
    except (BadData, ValueError, TypeError) as error:
        raise InvalidConfirmation(
            "link_invalid", _("This confirmation link is not valid.")
        ) from error
    registration = db.session.get(Registration, int(registration_id))
    if registration is None:
        raise InvalidConfirmation("link_invalid", _("This confirmation link is not valid."))
    _lock(registration)
    if registration.link_version != version:  # already used, or the link was replaced since
        raise InvalidConfirmation("link_used", _("This confirmation link was already used."))
    return registration, str(address)
