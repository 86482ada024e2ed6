"""Organisers' view of registrations: search, counts, bulk decisions, export."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, joinedload

from forum.auth.models import User
from forum.cities.models import City
from forum.db import LIKE_ESCAPE, contains_pattern
from forum.editions.models import Edition
from forum.errors import DomainError
from forum.extensions import db
from forum.registration.decisions import checked_message, decide
from forum.registration.models import Category, Registration, RegistrationStatus
from forum.registration.search import matches
from forum.spreadsheets import BOM, SafeWriter


@dataclass
class RegistrationFilter:
    """What an organiser narrows the list by; empty values do not filter."""

    status: RegistrationStatus | None = None
    category: Category | None = None
    country_code: str | None = None
    text: str = ""
    sort: str = "registered"
    descending: bool = True


# The columns the list sorts by; anything else asked for in the address is ignored.
SortColumn = QueryableAttribute[Any] | sa.ColumnElement[Any]
SORT_KEYS: dict[str, tuple[SortColumn, ...]] = {
    "name": (sa.func.lower(Registration.family_name), sa.func.lower(Registration.given_name)),
    "city": (sa.func.lower(City.name),),
    "country": (City.country_code,),
    # In lifecycle order (pending first), not by the stored words' alphabet.
    "status": (
        sa.case(*((Registration.status == s, n) for n, s in enumerate(RegistrationStatus))),
    ),
    "registered": (Registration.created_at,),
}


def _ordering(filters: RegistrationFilter) -> list[sa.ColumnElement[Any]]:
    columns = (*SORT_KEYS.get(filters.sort, SORT_KEYS["registered"]), Registration.id)
    return [column.desc() if filters.descending else column.asc() for column in columns]


def search_registrations(edition: Edition, filters: RegistrationFilter) -> sa.Select[Registration]:
    """A query of the edition's registrations matching ``filters``, in the order asked for."""
    query = (
        sa.select(Registration)
        .join(Registration.city)
        .join(Registration.user)
        .where(Registration.edition_id == edition.id)
        .options(joinedload(Registration.city), joinedload(Registration.user))
        .order_by(*_ordering(filters))
    )
    if filters.status:
        query = query.where(Registration.status == filters.status)
    if filters.category:
        query = query.where(Registration.category == filters.category)
    if filters.country_code:
        query = query.where(City.country_code == filters.country_code.upper())
    if filters.text:
        query = query.where(_text_matches(filters.text))
    return query


def _text_matches(text: str) -> sa.ColumnElement[bool]:
    # Every word somewhere in the folded text, or the whole query in the position title.
    title = sa.func.lower(Registration.position_title)
    return sa.or_(
        matches(text),
        title.like(contains_pattern(text.strip().lower()), escape=LIKE_ESCAPE),
    )


def status_counts(edition: Edition) -> dict[RegistrationStatus, int]:
    """How many registrations of the edition are in each status (zero included)."""
    rows = db.session.execute(
        sa.select(Registration.status, sa.func.count())
        .where(Registration.edition_id == edition.id)
        .group_by(Registration.status)
    ).all()
    counts = dict.fromkeys(RegistrationStatus, 0)
    counts.update({status: number for status, number in rows})  # noqa: C416 (Row objects)
    return counts


@dataclass
class BulkOutcome:
    """What a bulk decision did to each registration."""

    reached: dict[RegistrationStatus, int] = field(default_factory=dict)
    refused: list[tuple[Registration, str]] = field(default_factory=list)


def decide_many(
    edition: Edition,
    registration_ids: Iterable[int],
    decision: RegistrationStatus,
    *,
    actor: User,
    now: datetime,
    message: str = "",
    message_i18n: Mapping[str, str] | None = None,
) -> BulkOutcome:
    """Apply one decision to many registrations in one transaction; refusals are reported.
    Each delegate reads the message in their own language (``message_i18n``)."""
    checked_message(edition, message, message_i18n)  # one refusal for the batch, not per delegate
    outcome = BulkOutcome()
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.edition_id == edition.id, Registration.id.in_(list(registration_ids)))
        .order_by(Registration.created_at, Registration.id)
    ).all()
    for registration in registrations:
        try:
            reached = decide(
                registration,
                decision,
                actor=actor,
                now=now,
                message=message,
                message_i18n=message_i18n,
            )
        except DomainError as error:
            outcome.refused.append((registration, error.message))
        else:
            outcome.reached[reached] = outcome.reached.get(reached, 0) + 1
    return outcome


CSV_HEADER = [
    "id",
    "status",
    "given_name",
    "family_name",
    "email",
    "category",
    "position_title",
    "organisation",
    "city",
    "country",
    "languages",
    "accessibility_needs",
    "dietary_needs",
    "needs_visa_letter",
    "email_confirmed",
    "registered_at_utc",
]


def export_csv(registrations: Iterable[Registration]) -> Iterator[str]:
    """CSV lines of registrations, starting with a BOM so spreadsheet programs read UTF-8."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_HEADER)
    yield BOM + flush()
    for r in registrations:
        writer.writerow(
            [
                r.id,
                r.status.value,
                r.given_name,
                r.family_name,
                r.user.email,
                r.category.value,
                r.position_title,
                r.organisation,
                r.city.name,
                r.city.country_code,
                " ".join(r.languages),
                r.accessibility_needs,
                r.dietary_needs,
                "yes" if r.needs_visa_letter else "no",
                "yes" if r.email_confirmed else "no",
                r.created_at.isoformat(timespec="seconds"),
            ]
        )
        yield flush()
