"""The follow-up under concurrency (real threads, the real database): four reminder runs at
once remind each city once; two organisers asking at once e-mail each city once."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from forum.commitments.followup import ask, send_reminders
from forum.commitments.followup_models import ProgressRequest
from forum.db import utcnow
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.models import OutboxEmail
from tests import factories
from tests.commitments.helpers import delegate, entry, organiser_user
from tests.test_races import run_at_once


def _cities(edition: Edition) -> None:
    for name, country in (("Freetown", "SL"), ("Milan", "IT"), ("Quito", "EC")):
        mayor = delegate(edition, f"mayor@{name.lower()}.example", city=(name, country))
        entry(edition, mayor, published=True, title=f"Welcome desk in {name}")


def _remind(app: Flask) -> int:
    with app.app_context():
        sent = send_reminders(now=utcnow(), after_days=14, actor=None)
        db.session.commit()
        return sent


def test_reminder_runs_at_once_remind_each_city_once(app: Flask):
    with app.app_context():
        edition = factories.edition()
        _cities(edition)
        ask(edition, actor=organiser_user(), now=utcnow() - timedelta(days=15))
        db.session.execute(sa.delete(OutboxEmail))
        db.session.commit()
    results = run_at_once(4, lambda _i: _remind(app))
    assert sum(results) == 3
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 3


def _ask(app: Flask, organiser_id: int) -> int:
    from forum.auth.models import User
    from forum.editions.services import current_edition

    with app.app_context():
        edition = current_edition()
        assert edition is not None
        made = ask(edition, actor=db.session.get(User, organiser_id), now=utcnow())
        db.session.commit()
        return len(made)


def test_two_organisers_asking_at_once_e_mail_each_city_once_with_one_working_link(app: Flask):
    with app.app_context():
        edition = factories.edition()
        _cities(edition)
        organiser_id = organiser_user().id
        db.session.commit()
    assert sorted(run_at_once(2, lambda _i: _ask(app, organiser_id))) == [0, 3]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxEmail)) == 3
        standing = db.session.scalars(
            sa.select(ProgressRequest.city_id).where(ProgressRequest.revoked_at.is_(None))
        ).all()
        assert sorted(standing) == sorted(set(standing)) and len(standing) == 3


def _report(app: Flask, request_id: int, commitment_id: int) -> int:
    from forum.commitments.checks import ProgressInput
    from forum.commitments.update_link import report_through_link

    with app.app_context():
        same = ProgressInput(reported_on=utcnow().date(), status="in_progress", percent=40,
                             narrative="Half the districts surveyed.")  # fmt: skip
        update = report_through_link(request_id, commitment_id, same, now=utcnow())
        db.session.commit()
        return update.id


def test_the_same_update_sent_twice_at_once_through_the_link_is_recorded_once(app: Flask):
    from forum.audit.models import AuditEvent
    from forum.commitments.models import ProgressUpdate

    with app.app_context():
        edition = factories.edition()
        _cities(edition)
        (request, *_others) = ask(edition, actor=organiser_user(), now=utcnow())
        request_id, commitment_id = request.id, _entry_of(request.city_id)
        db.session.commit()
    ids = run_at_once(4, lambda _i: _report(app, request_id, commitment_id))
    assert len(set(ids)) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProgressUpdate)) == 1
        logged = sa.select(sa.func.count()).where(AuditEvent.action == "commitment.progress")
        assert db.session.scalar(logged) == 1


def _entry_of(city_id: int) -> int:
    from forum.commitments.models import Commitment

    return db.session.scalars(sa.select(Commitment.id).where(Commitment.city_id == city_id)).one()
