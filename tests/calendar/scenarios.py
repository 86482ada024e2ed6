"""Editions whose clocks trip calendar clients up, each with every kind of feed we hand out."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from flask.testing import FlaskClient

from forum.agenda.feeds import session_uid
from forum.agenda.models import Session, SessionSignup, SessionSource, SessionStatus
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.decisions import decide
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers
from tests.calendar.readers import Instant


@dataclass(frozen=True)
class EditionCase:
    """An edition: where and when, and what its clocks do then."""

    label: str
    number: int
    city: str
    country_code: str
    timezone: str
    first_day: date
    last_day: date


EDITIONS = [
    # Morocco stayed on UTC+01 all year from October 2018.
    EditionCase("marrakech-2018", 5, "Marrakech", "MA", "Africa/Casablanca", date(2018, 12, 8),
                date(2018, 12, 8)),
    # Summer time: UTC+02.
    EditionCase("berlin-june-2017", 4, "Berlin", "DE", "Europe/Berlin", date(2017, 6, 26),
                date(2017, 6, 27)),
    # Ramadan 2019 (5 May to 9 June): Morocco back on UTC+00.
    EditionCase("casablanca-ramadan-2019", 7, "Casablanca", "MA", "Africa/Casablanca",
                date(2019, 5, 20), date(2019, 5, 21)),
]  # fmt: skip

FEED_KINDS = ["whole", "combined", "theme", "personal", "session", "email"]


@dataclass
class Programme:
    """What was seeded: the edition, its sessions by role, and the delegate's secret."""

    edition_id: int
    sessions: dict[str, int]
    calendar_secret: str


def seed(case: EditionCase) -> Programme:
    """A current edition with forum sessions (themed, cancelled, evening), summit items
    (one all day) and an approved delegate with picks; the approval e-mail is queued."""
    edition = factories.edition(
        number=case.number,
        year=case.first_day.year,
        city=case.city,
        country_code=case.country_code,
        timezone=case.timezone,
        starts_on=case.first_day,
        ends_on=case.last_day,
    )
    theme = helpers.theme(edition)
    room = helpers.room(edition)
    rows = {
        "opening": helpers.session(edition, "Opening plenary", "09:00", "10:00", room_id=room.id),
        "themed": helpers.session(edition, "Jobs, skills; “été”", "10:30", "12:00",
                                  theme_id=theme.id, capacity=50),
        "cancelled": helpers.session(edition, "Dropped", "14:00", "15:00",
                                     status=SessionStatus.CANCELLED),
        "evening": helpers.session(edition, "Reception", "19:30", "23:30", room_id=room.id),
        "early": helpers.session(edition, "Breakfast of mayors", "07:00", "08:30"),
        "summit": helpers.session(edition, "RT 1.1 Resilience", "11:00", "12:30",
                                  source=SessionSource.GFMD, external_uid="rt11@gfmd.example"),
        "summit_day": _all_day_summit_item(edition),
    }  # fmt: skip
    registration = factories.registration(edition, "ada@example.org")
    decide(registration, RegistrationStatus.APPROVED, actor=factories.organiser(), now=_now())
    for key in ("themed", "evening", "summit"):
        db.session.add(SessionSignup(registration_id=registration.id, session_id=rows[key].id))
    db.session.commit()
    return Programme(
        edition.id, {key: row.id for key, row in rows.items()}, registration.calendar_secret
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _all_day_summit_item(edition: Edition) -> Session:
    start = helpers.local(edition, "00:00")
    row = helpers.session(
        edition,
        "Civil society days",
        source=SessionSource.GFMD,
        external_uid="csd@gfmd.example",
        all_day=True,
    )
    row.starts_at, row.ends_at = start, start + timedelta(days=1)
    db.session.flush()
    return row


def feed_body(kind: str, client: FlaskClient, programme: Programme) -> bytes:
    """The bytes of one feed kind, as a client or a mailbox gets them."""
    if kind == "email":
        return _invitation_from_outbox()
    url = {
        "whole": "/agenda.ics",
        "combined": "/agenda.ics?include=gfmd",
        "theme": "/agenda/inclusion.ics",
        "personal": f"/calendar/{programme.calendar_secret}.ics",
        "session": f"/agenda/sessions/{programme.sessions['opening']}.ics",
    }[kind]
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/calendar"
    return response.data


def _invitation_from_outbox() -> bytes:
    [email] = db.session.scalars(sa.select(OutboxEmail).where(OutboxEmail.template == "approved"))
    [calendar] = [a for a in email.attachments if a["filename"].endswith(".ics")]
    return base64.b64decode(calendar["data"])


def expected_keys(kind: str) -> set[str]:
    """Which seeded sessions each feed kind carries."""
    forum = {"opening", "themed", "cancelled", "evening", "early"}
    return {
        "whole": forum,
        "combined": forum | {"summit", "summit_day"},
        "theme": {"themed"},
        "personal": {"themed", "evening", "summit"},
        "session": {"opening"},
        "email": forum - {"cancelled"},  # an invitation asks nobody to a cancelled session
    }[kind]


def database_times(programme: Programme, keys: set[str]) -> dict[str, tuple[Instant, Instant]]:
    """{UID: (start, end)} from the database: UTC instants, or local dates when all day."""
    expected = {}
    for key in keys:
        session = db.session.get_one(Session, programme.sessions[key])
        expected[session_uid(session)] = _database_span(session)
    return expected


def _database_span(session: Session) -> tuple[Instant, Instant]:
    if not session.all_day:
        return session.starts_at.astimezone(UTC), session.ends_at.astimezone(UTC)
    zone = session.edition.zone
    last = (session.ends_at - timedelta(microseconds=1)).astimezone(zone).date()
    return session.starts_at.astimezone(zone).date(), last + timedelta(days=1)
