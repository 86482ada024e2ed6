"""Two delegates of one city at once (real threads, the real database): one edit wins, the
other is told; one publication however many clicks."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa
from flask import Flask

from forum.audit.models import AuditEvent
from forum.commitments.access import Editor
from forum.commitments.models import Commitment, Status
from forum.commitments.services import StaleVersion, edit, publish
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import delegate, entry, entry_input, organiser_user
from tests.test_races import run_at_once


def _edit_as(app: Flask, registration_id: int, row_id: int, theme_id: int, title: str) -> str:
    from forum.registration.models import Registration

    with app.app_context():
        registration = db.session.get(Registration, registration_id)
        editor = Editor(user=registration.user, registration=registration)
        data = entry_input(theme_id, title=title)
        try:
            edit(row_id, data, editor=editor, seen_version=1, now=factories.NOW)
            db.session.commit()
            return "saved"
        except StaleVersion:
            db.session.rollback()
            return "conflict"


def test_of_six_edits_on_one_version_one_is_saved_and_five_are_told(app: Flask):
    with app.app_context():
        edition = factories.edition()
        delegates = [delegate(edition, f"d{i}@example.org") for i in range(6)]
        row = entry(edition, delegates[0])
        db.session.commit()
        ids, row_id, theme_id = [d.id for d in delegates], row.id, row.theme_id
    results = run_at_once(6, lambda i: _edit_as(app, ids[i], row_id, theme_id, f"Title {i}"))
    assert Counter(results) == {"saved": 1, "conflict": 5}
    with app.app_context():
        saved = db.session.get(Commitment, row_id)
        assert saved.version == 2
        assert saved.title == f"Title {results.index('saved')}"


def _publish(app: Flask, organiser_id: int, row_id: int) -> None:
    from forum.auth.models import User

    with app.app_context():
        user = db.session.get(User, organiser_id)
        publish(row_id, editor=Editor(user=user), now=factories.NOW)
        db.session.commit()


def test_five_organisers_publishing_at_once_publish_once(app: Flask):
    with app.app_context():
        edition = factories.edition()
        row = entry(edition)
        row.status = Status.SUBMITTED
        organiser_id = organiser_user().id
        db.session.commit()
        row_id = row.id
    run_at_once(5, lambda _i: _publish(app, organiser_id, row_id))
    with app.app_context():
        published = db.session.scalar(
            sa.select(sa.func.count()).where(
                AuditEvent.target_type == "Commitment",
                AuditEvent.target_id == row_id,
                AuditEvent.action == "commitment.published",
            )
        )
        assert published == 1
        assert db.session.get(Commitment, row_id).version == 2
