"""The registration lifecycle, through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.audit.services import trail
from forum.errors import NotAllowed
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.decisions import decide
from forum.registration.models import RegistrationStatus as S
from forum.registration.services import withdraw
from forum.registration.waitlist import offer_freed_place
from tests import factories

NOW = datetime(2018, 11, 1, 12, tzinfo=UTC)


def outbox() -> list[tuple[str, str]]:
    return [
        (row.recipient, row.template)
        for row in db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id))
    ]


def test_approval_records_who_and_queues_the_email(ctx):
    edition = factories.edition()
    organiser = factories.organiser()
    registration = factories.registration(edition, "ada@example.org")
    reached = decide(registration, S.APPROVED, actor=organiser, now=NOW, message="Welcome!")
    assert reached is S.APPROVED
    assert registration.status is S.APPROVED
    assert outbox() == [("ada@example.org", "approved")]
    assert "Welcome!" in db.session.scalars(sa.select(OutboxEmail.body_text)).one()
    events = trail(registration)
    assert [e.action for e in events] == ["registration.approved", "badge.issued"]
    approved = events[0]
    assert (approved.actor, approved.details["before"], approved.details["after"]) == (
        organiser,
        "pending",
        "approved",
    )


def test_unconfirmed_email_cannot_be_approved(ctx):
    edition = factories.edition()
    registration = factories.registration(edition, "ada@example.org", confirmed=False)
    with pytest.raises(NotAllowed) as error:
        decide(registration, S.APPROVED, actor=factories.organiser(), now=NOW)
    assert error.value.code == "email_unconfirmed"
    assert registration.status is S.PENDING
    assert outbox() == []


def test_approving_past_capacity_waitlists(ctx):
    edition = factories.edition(capacity=2)
    organiser = factories.organiser()
    rows = [factories.registration(edition, f"d{i}@example.org") for i in range(3)]
    reached = [decide(r, S.APPROVED, actor=organiser, now=NOW) for r in rows]
    assert reached == [S.APPROVED, S.APPROVED, S.WAITLISTED]
    assert [t for _, t in outbox()] == ["approved", "approved", "waitlisted"]


def test_a_freed_place_is_offered_to_the_first_waitlisted_delegate(ctx):
    edition = factories.edition(capacity=1)
    organiser = factories.organiser()
    holder = factories.registration(edition, "holder@example.org", S.APPROVED)
    second = factories.registration(edition, "second@example.org", S.WAITLISTED, at=NOW)
    first = factories.registration(
        edition, "first@example.org", S.WAITLISTED, at=NOW - timedelta(days=1)
    )
    withdraw(holder, now=NOW)
    assert (holder.status, first.status, second.status) == (S.WITHDRAWN, S.WAITLISTED, S.WAITLISTED)
    assert first.offer_expires_at == NOW + timedelta(hours=72)
    assert second.offer_expires_at is None
    assert outbox() == [
        ("holder@example.org", "withdrawn"),
        ("first@example.org", "place_offered"),
    ]
    # Rejecting the one with the offer passes the place to the next.
    decide(first, S.REJECTED, actor=organiser, now=NOW)
    assert (first.status, first.offer_expires_at) == (S.REJECTED, None)
    assert second.offer_expires_at == NOW + timedelta(hours=72)


def test_offers_skip_the_unconfirmed_and_stop_at_capacity(ctx):
    edition = factories.edition(capacity=1)
    unconfirmed = factories.registration(edition, "u@example.org", S.WAITLISTED, confirmed=False)
    confirmed = factories.registration(edition, "c@example.org", S.WAITLISTED)
    later = factories.registration(edition, "l@example.org", S.WAITLISTED)
    assert offer_freed_place(edition, now=NOW) == confirmed
    assert offer_freed_place(edition, now=NOW) is None  # the one place is on offer
    assert (unconfirmed.offer_expires_at, later.offer_expires_at) == (None, None)


@pytest.mark.parametrize(
    ("start", "decision"),
    [
        (S.APPROVED, S.APPROVED),
        (S.WITHDRAWN, S.APPROVED),
        (S.WITHDRAWN, S.REJECTED),
        (S.PENDING, S.PENDING),
        (S.PENDING, S.WITHDRAWN),
    ],
)
def test_impossible_transitions_are_refused_and_change_nothing(ctx, start, decision):
    edition = factories.edition()
    registration = factories.registration(edition, "ada@example.org", start)
    with pytest.raises(NotAllowed):
        decide(registration, decision, actor=factories.organiser(), now=NOW)
    assert registration.status is start
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_withdrawing_twice_is_refused(ctx):
    registration = factories.registration(factories.edition(), "ada@example.org", S.WITHDRAWN)
    with pytest.raises(NotAllowed) as error:
        withdraw(registration, now=NOW)
    assert error.value.code == "already_withdrawn"
