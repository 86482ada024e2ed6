"""Asking cities for progress updates: one e-mail per city and recipient, listing the city's
open entries with one private update link, and one reminder to cities that have not answered.

A request's link works for that city's entries of that edition only, until it expires
(``COMMITMENT_UPDATE_LINK_DAYS``, 60 days by default) or a newer request to the same city
revokes it: the latest e-mail is always the one that works."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from forum.audit.services import record
from forum.auth.models import User
from forum.cities.models import City
from forum.commitments.followup_models import ProgressRequest
from forum.commitments.labels import labels
from forum.commitments.models import Commitment, ProgressStatus, ProgressUpdate, Status
from forum.commitments.progress import staleness
from forum.commitments.update_link import link_for
from forum.db import lock_row
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.services import queue_email
from forum.registration.models import Registration, RegistrationStatus

CLOSED = {ProgressStatus.FULFILLED, ProgressStatus.NOT_PURSUED}
# A request this recent stands: asking again would e-mail the city twice with one dead link.
REPEAT_WINDOW = timedelta(minutes=10)


@dataclass
class CityPlan:
    """What one city would be sent: its open entries and who to write to."""

    city: City
    entries: list[Commitment]
    recipients: list[dict[str, str]] = field(default_factory=list)
    asked_recently: bool = False  # within REPEAT_WINDOW: asking now would skip it


def link_days() -> int:
    """How long an update link works (days)."""
    return int(current_app.config.get("COMMITMENT_UPDATE_LINK_DAYS", 60))


def reminder_days() -> int:
    """After how many days without an answer a city is reminded."""
    return int(current_app.config.get("COMMITMENT_REMINDER_DAYS", 14))


def open_entries(edition_id: int, city_id: int | None = None) -> list[Commitment]:
    """Published entries whose latest update is neither fulfilled nor not pursued, by city."""
    query = (
        sa.select(Commitment)
        .where(Commitment.edition_id == edition_id, Commitment.status == Status.PUBLISHED)
        .options(selectinload(Commitment.updates), selectinload(Commitment.contact))
        .order_by(Commitment.city_id, Commitment.title, Commitment.id)
    )
    if city_id is not None:
        query = query.where(Commitment.city_id == city_id)
    rows = db.session.scalars(query)
    return [row for row in rows if not (row.latest_update and row.latest_update.status in CLOSED)]


def _person(registration: Registration) -> dict[str, str]:
    user = registration.user
    locale = user.preferred_locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    return {"email": user.email, "name": registration.full_name, "locale": locale}


def _recipients(edition_id: int, city_id: int, entries: list[Commitment]) -> list[dict[str, str]]:
    """Each entry's approved contact; for an entry without one, the city's approved
    delegates (someone must answer for it). Once each, by address."""
    people = [
        row.contact
        for row in entries
        if row.contact is not None and row.contact.status is RegistrationStatus.APPROVED
    ]
    if len(people) < len(entries):
        people += db.session.scalars(
            sa.select(Registration)
            .where(
                Registration.edition_id == edition_id,
                Registration.city_id == city_id,
                Registration.status == RegistrationStatus.APPROVED,
            )
            .order_by(Registration.id)
        )
    by_email = {person.user.email.lower(): _person(person) for person in reversed(people)}
    return sorted(by_email.values(), key=lambda person: person["email"])


def plan(edition: Edition, now: datetime | None = None) -> list[CityPlan]:
    """Every city with open entries in the edition, with its recipients (maybe none), and
    (given ``now``) whether it was asked too recently to be asked again."""
    plans = []
    recent = _asked_cities(edition.id, now - REPEAT_WINDOW) if now is not None else set()
    for city_id, rows in groupby(open_entries(edition.id), key=lambda row: row.city_id):
        entries = list(rows)
        recipients = _recipients(edition.id, city_id, entries)
        plans.append(CityPlan(entries[0].city, entries, recipients, city_id in recent))
    return sorted(plans, key=lambda one: one.city.name)


def _send(
    request: ProgressRequest, entries: list[Commitment], *, now: datetime, reminder: bool
) -> None:
    lines = [
        {"entry": row, "staleness": staleness(_last_day(row), row.published_at, now)}
        for row in entries
    ]
    words: dict[str, object] = {"lines": lines, **labels()}
    for person in request.recipients:
        queue_email(
            person["email"],
            "commitment_progress_request",
            locale=person["locale"],
            name=person["name"],
            city=request.city,
            edition=request.edition,
            link=link_for(request),
            expires_at=request.expires_at,
            reminder=reminder,
            attachments=None,
            **words,
        )


def _last_day(row: Commitment) -> date | None:
    return row.latest_update.reported_on if row.latest_update else None


def ask(edition: Edition, *, actor: User, now: datetime) -> list[ProgressRequest]:
    """Write to every city with open entries and someone to write to; a city's earlier
    request of this edition stops working (its link is revoked). A city asked minutes ago
    (a second organiser, a second click) is not asked again."""
    made = []
    for one in plan(edition):
        if not one.recipients:
            continue
        lock_row(City, one.city.id)  # two organisers asking at once: one request stands
        if _asked_since(edition.id, one.city.id, now - REPEAT_WINDOW):
            continue
        _revoke_earlier(edition.id, one.city.id, now)
        request = ProgressRequest(
            edition_id=edition.id,
            city_id=one.city.id,
            asked_at=now,
            asked_by_id=actor.id,
            expires_at=now + timedelta(days=link_days()),
            recipients=one.recipients,
            entries=len(one.entries),
        )
        db.session.add(request)
        db.session.flush()
        _send(request, one.entries, now=now, reminder=False)
        record("commitment.progress_requested", request, actor=actor, city_id=one.city.id)
        made.append(request)
    return made


def _asked_cities(edition_id: int, since: datetime) -> set[int]:
    """The cities whose standing request was made since ``since``, in one query."""
    return set(db.session.scalars(_standing_since(edition_id, since)))


def _asked_since(edition_id: int, city_id: int, since: datetime) -> bool:
    one = _standing_since(edition_id, since).where(ProgressRequest.city_id == city_id).limit(1)
    return db.session.scalar(one) is not None


def _standing_since(edition_id: int, since: datetime) -> sa.Select[int]:
    """The cities of the edition's requests made since ``since`` and not revoked."""
    return sa.select(ProgressRequest.city_id).where(
        ProgressRequest.edition_id == edition_id,
        ProgressRequest.revoked_at.is_(None),
        ProgressRequest.asked_at >= since,
    )


def _revoke_earlier(edition_id: int, city_id: int, now: datetime) -> None:
    db.session.execute(
        sa.update(ProgressRequest)
        .where(
            ProgressRequest.edition_id == edition_id,
            ProgressRequest.city_id == city_id,
            ProgressRequest.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


def _answered_since(request: ProgressRequest) -> datetime | None:
    """When the city first reported progress after the request, by any way (its delegate
    pages too), or None."""
    return db.session.scalar(
        sa.select(sa.func.min(ProgressUpdate.created_at))
        .join(Commitment, Commitment.id == ProgressUpdate.commitment_id)
        .where(
            Commitment.edition_id == request.edition_id,
            Commitment.city_id == request.city_id,
            ProgressUpdate.created_at >= request.asked_at,
        )
    )


def send_reminders(
    *, now: datetime, after_days: int, actor: User | None, edition_id: int | None = None
) -> int:
    """Remind, once, each city whose standing request went unanswered ``after_days``; a
    repeat sends nothing. The number of cities reminded."""
    due = sa.select(ProgressRequest.id).where(
        ProgressRequest.revoked_at.is_(None),
        ProgressRequest.reminded_at.is_(None),
        ProgressRequest.answered_at.is_(None),
        ProgressRequest.expires_at > now,
        ProgressRequest.asked_at <= now - timedelta(days=after_days),
    )
    if edition_id is not None:
        due = due.where(ProgressRequest.edition_id == edition_id)
    sent = 0
    for request_id in list(db.session.scalars(due.order_by(ProgressRequest.id))):
        sent += _remind(request_id, now=now, actor=actor)
    return sent


def _remind(request_id: int, *, now: datetime, actor: User | None) -> int:
    request: ProgressRequest = lock_row(ProgressRequest, request_id)
    if request.reminded_at or request.answered_at or not request.is_usable(now):
        return 0  # another run got here first, or the city answered meanwhile
    answered = _answered_since(request)
    if answered is not None:
        request.answered_at = answered
        return 0
    entries = open_entries(request.edition_id, request.city_id)
    if not entries:
        return 0
    request.reminded_at = now
    _send(request, entries, now=now, reminder=True)
    record("commitment.progress_reminded", request, actor=actor, city_id=request.city_id)
    return 1


def requests_of(edition_id: int) -> list[ProgressRequest]:
    """The edition's requests, newest first, for the organisers' page."""
    return list(
        db.session.scalars(
            sa.select(ProgressRequest)
            .where(ProgressRequest.edition_id == edition_id)
            .options(selectinload(ProgressRequest.city))
            .order_by(ProgressRequest.asked_at.desc(), ProgressRequest.id.desc())
        )
    )
