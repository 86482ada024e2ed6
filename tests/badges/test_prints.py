"""Badges count as printed per layout, and only once an organiser confirms the batch."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from forum import create_app
from forum.audit.models import AuditEvent
from forum.badges.jobs import create_job, run_badge_job
from forum.badges.models import BadgeJob, BadgePrint
from forum.badges.prints import confirm_printed
from forum.errors import NotAllowed
from forum.extensions import db
from tests import factories
from tests.badges.helpers import NOW, approved, badge_of
from tests.conftest import Auth, csrf_token
from tests.test_migrations import OLD_ROWS, empty_database_url  # noqa: F401  (a fixture)
from tests.test_races import run_at_once


def _batch(edition, layout: str, *, not_printed: bool = False) -> BadgeJob:
    job = create_job(
        edition, layout=layout, category=None, not_printed=not_printed, requested_by=None
    )
    db.session.commit()
    run_badge_job(job.id)
    return db.session.get_one(BadgeJob, job.id)


def _prints() -> list[tuple[int, str]]:
    rows = db.session.execute(sa.select(BadgePrint.badge_id, BadgePrint.layout))
    return sorted((row.badge_id, row.layout) for row in rows)


def test_making_cards_leaves_the_badges_for_a_later_a4_batch_of_unprinted_ones(ctx):
    edition = factories.edition()
    for n in range(3):
        approved(edition, f"d{n}@example.org", ("Delegate", f"N{n}"))
    cards = _batch(edition, "card")
    assert cards.total == 3
    assert _batch(edition, "a4", not_printed=True).total == 3
    confirm_printed(cards.id, actor=None, now=NOW)
    db.session.commit()
    # Printed as cards: a cards batch of unprinted badges is empty, an A4 one still has all.
    assert _batch(edition, "card", not_printed=True).total == 0
    assert _batch(edition, "a4", not_printed=True).total == 3


def test_an_organiser_confirms_a_batch_printed_once(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        badges = [
            badge_of(approved(edition, f"d{n}@example.org", ("Delegate", f"N{n}"))).id
            for n in range(3)
        ]
        job_id = _batch(edition, "a6").id
    Auth(client).login(*factories.ORGANISER)
    page = client.get(f"/admin/badges/jobs/{job_id}").get_data(as_text=True)
    assert "Mark these 3 badges as printed" in page
    action = f'action="/admin/badges/jobs/{job_id}/printed"'
    assert action in page
    token = csrf_token(page)
    assert client.post(f"/admin/badges/jobs/{job_id}/printed").status_code == 400  # no token
    with app.app_context():
        assert _prints() == []
    response = client.post(f"/admin/badges/jobs/{job_id}/printed", data={"csrf_token": token})
    assert response.headers["Location"] == f"/admin/badges/jobs/{job_id}"
    done = client.get(f"/admin/badges/jobs/{job_id}").get_data(as_text=True)
    assert "marked printed on its layout" in done
    assert re.search(r"Marked printed on [^<]+ by org@forum.example", done)
    assert action not in done
    again = client.post(f"/admin/badges/jobs/{job_id}/printed", data={"csrf_token": token})
    assert again.status_code == 302
    with app.app_context():
        assert _prints() == [(badge_id, "a6") for badge_id in sorted(badges)]
        events = db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "badges.marked_printed")
        ).all()
        assert [(e.target_id, e.details["count"], e.actor.email) for e in events] == [
            (job_id, 3, factories.ORGANISER[0])
        ]


def test_confirming_again_or_an_overlapping_batch_adds_nothing(ctx):
    edition = factories.edition()
    first = approved(edition, "first@example.org", ("Ada", "First"))
    job = _batch(edition, "a4")
    assert confirm_printed(job.id, actor=None, now=NOW) == 1
    assert confirm_printed(job.id, actor=None, now=NOW) == 0
    approved(edition, "second@example.org", ("Bo", "Second"))
    overlapping = _batch(edition, "a4")
    assert confirm_printed(overlapping.id, actor=None, now=NOW) == 1  # only the new badge
    db.session.commit()
    assert len(_prints()) == 2
    assert badge_of(first).printed_at == NOW


def test_a_batch_not_finished_cannot_be_confirmed(ctx):
    edition = factories.edition()
    approved(edition, "ada@example.org")
    job = create_job(edition, layout="a4", category=None, not_printed=False, requested_by=None)
    db.session.commit()
    with pytest.raises(NotAllowed):
        confirm_printed(job.id, actor=None, now=NOW)


BADGE = (
    "INSERT INTO badges (registration_id, code, issued_at, printed_at)"
    " VALUES (:registration, :code, :at, :printed)"
)
JOB = (
    "INSERT INTO badge_jobs (edition_id, layout, filters, status, total, done, file_path,"
    " error, created_at, finished_at, attempts)"
    " VALUES (1, :layout, '{}', 'done', 1, 1, '', '', :created, :finished, 1)"
)


def test_badges_printed_before_keep_counting_as_printed_on_their_batch_layout(
    empty_database_url,  # noqa: F811
):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="5c5b21ec6dee")
        with db.engine.begin() as connection:
            for statement, values in OLD_ROWS:
                connection.execute(sa.text(statement), values)
        upgrade(revision="b7e1c2d3a821")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(JOB),
                {
                    "layout": "card",
                    "created": "2018-11-01 10:00:00",
                    "finished": "2018-11-01 10:05:00",
                },
            )
            for registration, printed in ((1, "2018-11-01 10:01:00"), (2, "2018-11-02 09:00:00")):
                connection.execute(
                    sa.text(BADGE),
                    {
                        "registration": registration,
                        "code": f"code-{registration}",
                        "at": "2018-10-01 00:00:00",
                        "printed": printed,
                    },
                )
        upgrade()
        with db.engine.connect() as connection:
            stored = connection.execute(
                sa.text("SELECT badge_id, layout, job_id FROM badge_prints ORDER BY badge_id")
            ).all()
        db.engine.dispose()
    # The first was printed while the cards batch was made; the second by the CLI (A4).
    assert [tuple(row) for row in stored] == [(1, "card", 1), (2, "a4", None)]


def test_two_confirmations_at_once_mark_the_badges_once(app):
    with app.app_context():
        edition = factories.edition()
        for n in range(4):
            approved(edition, f"d{n}@example.org", ("Delegate", f"N{n}"))
        first = _batch(edition, "a4").id
        overlapping = _batch(edition, "a4").id  # the same four badges
        db.session.remove()

    def confirm(index: int) -> int:
        with app.app_context():
            try:
                added = confirm_printed([first, first, overlapping][index], actor=None, now=NOW)
                db.session.commit()
                return added
            finally:
                db.session.remove()

    added = run_at_once(3, confirm)
    with app.app_context():
        assert sorted(added) == [0, 0, 4]  # type: ignore[type-var]
        assert len(_prints()) == 4
        events = db.session.scalars(
            sa.select(AuditEvent.target_id).where(AuditEvent.action == "badges.marked_printed")
        ).all()
        assert sorted(events) == [first, overlapping]
