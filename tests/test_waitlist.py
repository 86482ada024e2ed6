"""The wait list (issue 11, item 2): a freed place is offered, one place per withdrawal, only
to delegates wait-listed because the forum was full, answered within the organiser's deadline;
unanswered offers pass to the next person."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from forum.badges.services import active_badge
from forum.errors import NotAllowed
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.decisions import decide
from forum.registration.links import private_link_token
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from forum.registration.services import withdraw
from forum.registration.waitlist import answer_offer, expire_offers, offer_freed_place
from tests import factories
from tests.conftest import Auth, csrf_token

NOW = factories.NOW


def mails() -> list[tuple[str, str]]:
    rows = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id)).all()
    return [(row.recipient, row.template) for row in rows]


def _line(edition, count: int, *, queued: bool = True) -> list[Registration]:
    return [
        factories.registration(
            edition, f"w{i}@x.org", S.WAITLISTED, at=NOW - timedelta(days=count - i), queued=queued
        )
        for i in range(count)
    ]


def test_one_withdrawal_never_approves_delegates_wait_listed_by_hand(ctx):
    edition = factories.edition(capacity=60)
    holders = [factories.registration(edition, f"a{i}@x.org", S.APPROVED) for i in range(24)]
    by_hand = _line(edition, 4, queued=False)
    withdraw(holders[0], now=NOW)
    assert [r.status for r in by_hand] == [S.WAITLISTED] * 4
    assert [r.offer_expires_at for r in by_hand] == [None] * 4
    assert mails() == [("a0@x.org", "withdrawn")]


def test_one_withdrawal_offers_one_place_to_the_first_in_line(ctx):
    edition = factories.edition(capacity=1)
    holder = factories.registration(edition, "holder@x.org", S.APPROVED)
    line = _line(edition, 3)
    withdraw(holder, now=NOW)
    assert [r.offer_expires_at is not None for r in line] == [True, False, False]
    assert [r.status for r in line] == [S.WAITLISTED] * 3
    assert mails()[-1] == ("w0@x.org", "place_offered")
    offered = db.session.scalars(sa.select(OutboxEmail)).all()[-1]
    assert (
        "Casablanca" in offered.body_text
        or "(+01)" in offered.body_text
        or "2018" in offered.body_text
    )


def test_accepting_in_time_approves_with_a_badge_and_the_welcome(ctx):
    edition = factories.edition(capacity=1)
    withdraw(factories.registration(edition, "holder@x.org", S.APPROVED), now=NOW)
    [first] = _line(edition, 1)
    assert offer_freed_place(edition, now=NOW) == first
    answer_offer(first, accept=True, now=NOW + timedelta(hours=1))
    assert first.status is S.APPROVED and first.offer_expires_at is None
    assert active_badge(first) is not None
    welcome = db.session.scalars(sa.select(OutboxEmail).order_by(OutboxEmail.id.desc())).first()
    assert welcome.template == "approved"
    assert {a["filename"] for a in welcome.attachments} >= {"badge.pdf"}


def test_declining_withdraws_and_offers_the_place_to_the_next(ctx):
    edition = factories.edition(capacity=1)
    holder = factories.registration(edition, "holder@x.org", S.APPROVED)
    first, second = _line(edition, 2)
    withdraw(holder, now=NOW)
    answer_offer(first, accept=False, now=NOW + timedelta(hours=2))
    assert (first.status, first.offer_expires_at) == (S.WITHDRAWN, None)
    assert second.offer_expires_at is not None
    assert mails()[-1] == ("w1@x.org", "place_offered")


def test_an_unanswered_offer_ends_and_passes_to_the_next(ctx):
    edition = factories.edition(capacity=1)
    holder = factories.registration(edition, "holder@x.org", S.APPROVED)
    first, second = _line(edition, 2)
    withdraw(holder, now=NOW)
    assert expire_offers(now=NOW + timedelta(hours=71)) == 0
    assert expire_offers(now=NOW + timedelta(hours=73)) == 1
    assert (first.status, first.offer_expires_at, first.waitlisted_for_capacity) == (
        S.WAITLISTED,
        None,
        False,
    )
    assert second.offer_expires_at is not None
    assert mails()[-2:] == [("w0@x.org", "offer_expired"), ("w1@x.org", "place_offered")]
    with pytest.raises(NotAllowed):
        answer_offer(first, accept=True, now=NOW + timedelta(hours=74))


def test_an_offered_place_is_held_against_other_approvals(ctx):
    edition = factories.edition(capacity=1)
    holder = factories.registration(edition, "holder@x.org", S.APPROVED)
    [first] = _line(edition, 1)
    newcomer = factories.registration(edition, "new@x.org")
    withdraw(holder, now=NOW)
    reached = decide(newcomer, S.APPROVED, actor=factories.organiser(), now=NOW)
    assert (reached, first.offer_expires_at is not None) == (S.WAITLISTED, True)


def test_the_delegate_answers_on_the_private_page_within_the_organisers_deadline(client, app, ctx):
    edition = factories.edition(capacity=1)
    factories.organiser()
    holder = factories.registration(edition, "holder@x.org", S.APPROVED)
    [first] = _line(edition, 1)
    db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/admin/registrations/waitlist").get_data(as_text=True)
    assert (
        client.post(
            "/admin/registrations/waitlist", data={"csrf_token": csrf_token(page), "hours": "24"}
        ).status_code
        == 302
    )
    now = datetime.now(UTC)
    withdraw(holder, now=now)
    db.session.commit()
    db.session.refresh(first)
    assert first.offer_expires_at == now + timedelta(hours=24)
    link = f"/r/{private_link_token(first)}"
    page = client.get(link).get_data(as_text=True)
    assert "A place is offered to you" in page
    accept = client.post(f"{link}/offer/accept", data={"csrf_token": csrf_token(page)})
    assert accept.status_code == 302
    db.session.refresh(first)
    assert first.status is S.APPROVED


def test_the_worker_ends_unanswered_offers_and_passes_them_on(app, runner, ctx):
    edition = factories.edition(capacity=1)
    holder = factories.registration(edition, "holder@x.org", S.APPROVED)
    first, second = _line(edition, 2)
    withdraw(holder, now=datetime.now(UTC) - timedelta(days=4))  # offered four days ago
    db.session.commit()
    ids = (first.id, second.id)
    result = runner.invoke(args=["forum", "worker", "--once"])
    assert "wait-list offers ended 1" in result.output
    first, second = (db.session.get_one(Registration, i) for i in ids)
    assert (first.offer_expires_at, second.offer_expires_at is not None) == (None, True)
