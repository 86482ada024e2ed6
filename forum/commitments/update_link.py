"""A city's private update link: a signed request number (itsdangerous), so nothing secret
is stored; the request row says whether it still works (expiry, revocation) and for which
city and edition."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from forum.audit.services import record
from forum.commitments.access import NotYours
from forum.commitments.checks import ProgressInput, progress_values
from forum.commitments.followup_models import ProgressRequest
from forum.commitments.models import Commitment, ProgressUpdate, Status
from forum.commitments.updates import repeat_of
from forum.db import lock_row
from forum.errors import DomainError, NotAllowed
from forum.extensions import db
from forum.urls import external_url

SALT = "commitment-progress-request"


class LinkExpired(DomainError):
    """The link is past its date, or a newer request replaced it."""

    status = 410

    def __init__(self) -> None:
        super().__init__("link_expired", _("This update link no longer works."))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key or "", salt=SALT)


def token_for(request: ProgressRequest) -> str:
    """The token of the request's link."""
    return str(_serializer().dumps(request.id))


def link_for(request: ProgressRequest) -> str:
    """The absolute address of the request's update page."""
    return external_url("commitments.progress_link", token=token_for(request))


def request_from_token(token: str) -> ProgressRequest | None:
    """The request a token names; None for a forged or mangled token."""
    if len(token) > 200:
        return None
    try:
        request_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(request_id, int):
        return None
    return db.session.get(ProgressRequest, request_id)


def report_through_link(
    request_id: int, commitment_id: int, data: ProgressInput, *, now: datetime
) -> ProgressUpdate:
    """Record an update sent through a city's link: the link must still work and the entry
    be one of that city's published entries of that edition."""
    request: ProgressRequest = lock_row(ProgressRequest, request_id)
    if not request.is_usable(now):
        raise LinkExpired()
    if db.session.get(Commitment, commitment_id) is None:  # a made-up id: refused, not a 500
        raise NotYours(_("This link is for another city's entries."))
    commitment: Commitment = lock_row(Commitment, commitment_id)
    if (commitment.edition_id, commitment.city_id) != (request.edition_id, request.city_id):
        raise NotYours(_("This link is for another city's entries."))
    if commitment.status is not Status.PUBLISHED:
        raise NotAllowed("not_published", _("Progress is reported on published entries only."))
    values = progress_values(data, now.date())
    if (repeated := repeat_of(commitment.id, values)) is not None:
        return repeated
    update = ProgressUpdate(commitment_id=commitment.id, created_at=now, **values)
    db.session.add(update)
    db.session.flush()
    request.answered_at = request.answered_at or now
    record(
        "commitment.progress",
        commitment,
        actor=None,
        update_id=update.id,
        status=update.status.value,
        request_id=request.id,
    )
    return update
