"""The wait list. A place that frees up is offered to the first delegate who waits only
because the forum was full (never to one an organiser wait-listed for a reason); they
accept or decline it before the offer ends, and an unanswered offer passes to the next."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.audit.services import record
from forum.auth.models import User
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import NotAllowed
from forum.extensions import db
from forum.registration.lifecycle import notify, set_status
from forum.registration.models import Registration, RegistrationStatus
from forum.validation import Checks, Whole

S = RegistrationStatus
OFFER_HOURS = Whole(minimum=1, maximum=30 * 24)


def has_open_offer(registration: Registration, *, now: datetime | None = None) -> bool:
    """True while a place is offered to this delegate (and, given ``now``, not yet over)."""
    expires = registration.offer_expires_at
    live = registration.status is S.WAITLISTED and expires is not None
    return live and (now is None or now < expires)  # type: ignore[operator]


def places_taken(edition: Edition) -> int:
    """Approved delegates and places on offer: both are spoken for."""
    approved = Registration.status == S.APPROVED
    offered = sa.and_(
        Registration.status == S.WAITLISTED, Registration.offer_expires_at.is_not(None)
    )
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Registration)
            .where(Registration.edition_id == edition.id, sa.or_(approved, offered))
        )
        or 0
    )


def has_free_place(edition: Edition) -> bool:
    """True when one more delegate may be approved (or offered a place) within capacity."""
    return edition.capacity is None or places_taken(edition) < edition.capacity


def offer_freed_place(edition: Edition, *, now: datetime) -> Registration | None:
    """Offer one place, if one is free, to the first in line; the caller holds the edition."""
    if not has_free_place(edition):
        return None
    candidate = db.session.scalars(
        sa.select(Registration)
        .where(
            Registration.edition_id == edition.id,
            Registration.status == S.WAITLISTED,
            Registration.waitlisted_for_capacity.is_(True),
            Registration.offer_expires_at.is_(None),
            Registration.email_confirmed_at.is_not(None),
        )
        .order_by(Registration.status_changed_at, Registration.id)
        .limit(1)
        .with_for_update()
    ).first()
    if candidate is None:
        return None
    candidate.offer_expires_at = now + timedelta(hours=edition.waitlist_offer_hours)
    record("registration.place_offered", candidate, actor=None,
           expires_at=candidate.offer_expires_at.isoformat())  # fmt: skip
    notify(candidate, "place_offered", expires_at=candidate.offer_expires_at)
    return candidate


def answer_offer(registration: Registration, *, accept: bool, now: datetime) -> None:
    """The delegate takes the offered place (approved) or gives it up (withdrawn)."""
    edition = lock_row(Edition, registration.edition_id)
    registration = lock_row(Registration, registration.id)
    if not has_open_offer(registration, now=now):
        raise NotAllowed("no_open_offer", _("This offer is no longer open."))
    registration.offer_expires_at = None
    if accept:
        set_status(registration, S.APPROVED, actor=registration.user, now=now)
        notify(registration, "approved")
        return
    set_status(registration, S.WITHDRAWN, actor=registration.user, now=now,
               message="declined the offered place")  # fmt: skip
    notify(registration, "withdrawn")
    offer_freed_place(edition, now=now)


def expire_offers(*, now: datetime) -> int:
    """End the offers nobody answered in time and pass each place on (the worker's task)."""
    due = db.session.scalars(
        sa.select(Registration.id, Registration.edition_id).where(
            Registration.status == S.WAITLISTED, Registration.offer_expires_at <= now
        )
    )
    ended = 0
    for registration_id in due.all():
        ended += _expire(registration_id, now=now)
    return ended


def _expire(registration_id: int, *, now: datetime) -> int:
    registration = db.session.get_one(Registration, registration_id)
    edition = lock_row(Edition, registration.edition_id)
    registration = lock_row(Registration, registration_id)
    if registration.status is not S.WAITLISTED or registration.offer_expires_at is None:
        return 0
    if registration.offer_expires_at > now:
        return 0
    registration.offer_expires_at = None
    registration.waitlisted_for_capacity = False  # the next place goes to the next person
    record("registration.offer_expired", registration, actor=None)
    notify(registration, "offer_expired")
    offer_freed_place(edition, now=now)
    return 1


def set_offer_hours(edition: Edition, hours: int | None, *, actor: User) -> None:
    """How long a delegate has to answer an offered place."""
    checks = Checks()
    checks.whole("hours", hours, OFFER_HOURS, required=True)
    checks.done()
    edition = lock_row(Edition, edition.id)
    record("edition.offer_hours", edition, actor=actor, before=edition.waitlist_offer_hours,
           after=hours)  # fmt: skip
    edition.waitlist_offer_hours = int(hours or 0)


def queue(edition: Edition) -> list[Registration]:
    """The wait list in the order places are offered (open offers first), then the rest."""
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(Registration.edition_id == edition.id, Registration.status == S.WAITLISTED)
            .options(sa.orm.joinedload(Registration.city))
            .order_by(
                Registration.offer_expires_at.is_(None),
                Registration.waitlisted_for_capacity.is_(False),
                Registration.status_changed_at,
                Registration.id,
            )
        )
    )
