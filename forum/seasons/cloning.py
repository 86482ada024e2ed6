"""Preparing the next edition from the last one: its settings here, and through
edition_cloned the programme's skeleton (agenda) and the declaration as a draft
(endorsements); never anything a person gave (registrations, sign-ups, check-ins,
endorsements)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from forum.audit.services import record
from forum.auth.models import User
from forum.editions.models import Edition
from forum.editions.settings import (
    FIRST_YEAR,
    LAST_YEAR,
    WINDOWS,
    EditionSettings,
    check_settings,
)
from forum.editions.signals import edition_cloned
from forum.extensions import db
from forum.seasons.services import refuse_taken_number
from forum.timezones import in_zone


@dataclass(frozen=True)
class Clone:
    """The new edition and how many rows of each table were copied into it."""

    edition: Edition
    copied: dict[str, int]


def clone_settings(source: Edition, **typed: object) -> EditionSettings:
    """The new edition's settings: what was typed, the rest as the source has it; its
    windows as far from its start, at the same local times, as the source's were."""
    settings = EditionSettings(
        number=None,
        title=source.title,
        subtitle=source.subtitle,
        city=source.city,
        country_code=source.country_code,
        timezone=source.timezone,
        starts_on=None,
        ends_on=None,
        capacity=source.capacity,
        waitlist_offer_hours=source.waitlist_offer_hours,
        contact_email=source.contact_email,
        title_i18n=dict(source.title_i18n or {}),
        subtitle_i18n=dict(source.subtitle_i18n or {}),
        default_language=source.default_language,
        languages=list(source.languages or []),
        badge_prefix=source.badge_prefix,
    )
    for name, value in typed.items():
        if value not in (None, ""):
            setattr(settings, name, value)
    start = settings.starts_on
    # A start the rules refuse moves nothing (near year 1 or 9999 it would overflow), so
    # check_settings names the start alone.
    if isinstance(start, date) and FIRST_YEAR <= start.year <= LAST_YEAR:
        if settings.ends_on is None:
            settings.ends_on = start + (source.ends_on - source.starts_on)
        _shift_windows(source, settings, days=(start - source.starts_on).days)
    elif isinstance(start, date):
        settings.ends_on = settings.ends_on or start
    return settings


def _shift_windows(source: Edition, settings: EditionSettings, *, days: int) -> None:
    """Each of the source's windows moved by ``days`` at the same local time; a bound the
    source left open stays open."""
    for name, column in WINDOWS.items():
        instant = getattr(source, column)
        if instant is not None:
            local = in_zone(instant, source.zone).replace(tzinfo=None)
            setattr(settings, name, local + timedelta(days=days))


def clone_edition(
    source_id: int, settings: EditionSettings, *, actor: User | None, now: datetime
) -> Clone:
    """Create the next edition from ``source_id``; each area copies what it owns into it
    (see edition_cloned), and the audit keeps what was copied."""
    source = db.session.get(Edition, source_id)
    assert source is not None
    settings = check_settings(settings)
    refuse_taken_number(settings.number, None)
    edition = Edition(**settings.as_columns(), is_current=False)
    db.session.add(edition)
    db.session.flush()
    copied: dict[str, int] = {}
    for _receiver, counts in edition_cloned.send(source, target=edition, now=now):
        copied.update(counts)
    record("edition.cloned", edition, actor=actor, source=source.number, copied=copied)
    return Clone(edition, copied)
