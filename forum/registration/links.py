"""The private link of a registration: the delegate's key to see, change or withdraw it."""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from forum.extensions import db
from forum.registration.models import Registration
from forum.urls import external_url

LINK_SALT = "registration-private-link"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=LINK_SALT)


def private_link_token(registration: Registration) -> str:
    """The secret token in a registration's private link."""
    return _serializer().dumps(registration.id)


def registration_from_token(token: str) -> Registration | None:
    """The registration a private-link token belongs to, or None for a bad token."""
    try:
        registration_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(registration_id, int):
        return None
    return db.session.get(Registration, registration_id)


def private_link(registration: Registration) -> str:
    """The absolute private link of a registration, for e-mails."""
    return external_url("registration.manage", token=private_link_token(registration))
