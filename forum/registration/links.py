"""The private link of a registration: the delegate's key to see, change or withdraw it.

The token is signed with the time it was made and names the registration's link version:
a link expires after PRIVATE_LINK_MAX_AGE_DAYS, and a new link (a bumped version) ends every
earlier one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask import current_app
from itsdangerous import (
    BadData,
    BadSignature,
    SignatureExpired,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)

from forum.extensions import db
from forum.registration.models import Registration
from forum.urls import external_url

LINK_SALT = "registration-private-link"
# Links made before they carried a time and a version: still recognised, as expired.
LEGACY_SALT = LINK_SALT


class LinkState(enum.Enum):
    """What a private-link token is worth now."""

    VALID = "valid"
    EXPIRED = "expired"
    REPLACED = "replaced"
    INVALID = "invalid"


@dataclass(frozen=True)
class PrivateLink:
    """A token read: its state, and the registration it names (None when forged)."""

    state: LinkState
    registration: Registration | None = None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def private_link_token(registration: Registration) -> str:
    """The secret token in a registration's private link, valid from now."""
    return _serializer().dumps([registration.id, registration.link_version])


def read_private_link(token: str) -> PrivateLink:
    """The state of a token and its registration: valid, expired, replaced or forged."""
    serializer = _serializer()
    max_age = current_app.config["PRIVATE_LINK_MAX_AGE_DAYS"] * 24 * 3600
    try:
        payload, state = serializer.loads(token, max_age=max_age), LinkState.VALID
    except SignatureExpired as expired:  # raised only once the signature is checked
        payload, state = serializer.load_payload(expired.payload or b""), LinkState.EXPIRED
    except BadSignature:
        return _read_legacy_link(token)
    if not _is_id_and_version(payload):
        return PrivateLink(LinkState.INVALID)
    registration = db.session.get(Registration, payload[0])
    if registration is None:
        return PrivateLink(LinkState.INVALID)
    if payload[1] != registration.link_version:
        state = LinkState.REPLACED
    return PrivateLink(state, registration)


def _is_id_and_version(payload: object) -> bool:
    return (
        isinstance(payload, list)
        and len(payload) == 2
        and all(isinstance(n, int) and not isinstance(n, bool) for n in payload)
    )


def _read_legacy_link(token: str) -> PrivateLink:
    """A link from before expiry and versions: its registration, but never valid."""
    try:
        registration_id = URLSafeSerializer(
            current_app.config["SECRET_KEY"], salt=LEGACY_SALT
        ).loads(token)
    except BadData:
        return PrivateLink(LinkState.INVALID)
    if not isinstance(registration_id, int):
        return PrivateLink(LinkState.INVALID)
    registration = db.session.get(Registration, registration_id)
    return PrivateLink(LinkState.EXPIRED if registration else LinkState.INVALID, registration)


def registration_from_token(token: str) -> Registration | None:
    """The registration a valid private-link token opens; None when expired, replaced or bad."""
    link = read_private_link(token)
    return link.registration if link.state is LinkState.VALID else None


def private_link(registration: Registration) -> str:
    """The absolute private link of a registration, for e-mails."""
    return external_url("registration.manage", token=private_link_token(registration))
