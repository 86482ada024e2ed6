"""The commitment rules: who writes, the moderation lifecycle, versions, progress, staleness."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.commitments.access import Editor, NotYours
from forum.commitments.checks import ProgressInput
from forum.commitments.models import Commitment, PartnershipLevel, Status
from forum.commitments.progress import Staleness, staleness
from forum.commitments.services import (
    StaleVersion,
    create_draft,
    edit,
    publish,
    return_to_city,
    submit,
    withdraw,
)
from forum.commitments.updates import add_progress
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import NOW, delegate, entry, entry_input, organiser_user


def _editor(registration):
    return Editor(user=registration.user, registration=registration)


def _actions(row: Commitment) -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.target_type == "Commitment", AuditEvent.target_id == row.id)
            .order_by(AuditEvent.id)
        )
    )


def test_a_city_delegate_drafts_submits_and_an_organiser_publishes(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    row = entry(edition, mayor, support_areas=["partnerships"], partnership_level="global")
    assert row.status is Status.DRAFT
    assert row.partnership_level is PartnershipLevel.GLOBAL
    assert row.gcm_objectives == [1, 16]
    submit(row.id, editor=_editor(mayor), now=NOW)
    organiser = Editor(user=organiser_user())
    publish(row.id, editor=organiser, now=NOW)
    assert (row.status, row.published_at, row.version) == (Status.PUBLISHED, NOW, 3)
    publish(row.id, editor=organiser, now=NOW)  # a repeat does nothing
    assert row.version == 3
    assert _actions(row) == ["commitment.created", "commitment.submitted", "commitment.published"]


def test_returning_needs_a_comment_and_the_city_can_resubmit(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    row = entry(edition, mayor)
    submit(row.id, editor=_editor(mayor), now=NOW)
    organiser = Editor(user=organiser_user())
    with pytest.raises(InvalidInput):
        return_to_city(row.id, editor=organiser, comment="  ", now=NOW)
    return_to_city(row.id, editor=organiser, comment="Add a target date.", now=NOW)
    assert (row.status, row.organiser_comment) == (Status.RETURNED, "Add a target date.")
    submit(row.id, editor=_editor(mayor), now=NOW)
    assert row.status is Status.SUBMITTED


def test_delegates_cannot_publish_and_withdrawn_entries_stay_withdrawn(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    row = entry(edition, mayor)
    submit(row.id, editor=_editor(mayor), now=NOW)
    with pytest.raises(NotYours):
        publish(row.id, editor=_editor(mayor), now=NOW)
    withdraw(row.id, editor=_editor(mayor), now=NOW)
    withdraw(row.id, editor=_editor(mayor), now=NOW)
    assert row.status is Status.WITHDRAWN
    with pytest.raises(NotAllowed):
        submit(row.id, editor=_editor(mayor), now=NOW)
    assert _actions(row).count("commitment.withdrawn") == 1


def test_another_citys_delegate_and_unapproved_delegates_cannot_write(ctx):
    edition = factories.edition()
    row = entry(edition, delegate(edition))
    other = delegate(edition, "other@example.org", city=("Quito", "EC"))
    with pytest.raises(NotYours):
        edit(row.id, entry_input(row.theme_id), editor=_editor(other), seen_version=1, now=NOW)
    with pytest.raises(NotYours):
        submit(row.id, editor=_editor(other), now=NOW)
    pending = factories.registration(edition, "p@example.org", RegistrationStatus.PENDING)
    with pytest.raises(NotYours):
        create_draft(
            edition, pending.city_id, entry_input(row.theme_id), editor=_editor(pending), now=NOW
        )
    assert row.status is Status.DRAFT


def test_an_edit_on_an_older_version_is_refused_and_changes_nothing(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    deputy = delegate(edition, "deputy@example.org")
    row = entry(edition, mayor)
    edit(row.id, entry_input(row.theme_id, title="Mayor's title"), editor=_editor(mayor),
         seen_version=1, now=NOW)  # fmt: skip
    assert row.version == 2
    with pytest.raises(StaleVersion, match="Someone else changed this entry"):
        edit(row.id, entry_input(row.theme_id, title="Deputy's title"), editor=_editor(deputy),
             seen_version=1, now=NOW)  # fmt: skip
    assert (row.title, row.version) == ("Mayor's title", 2)


def test_one_validation_names_every_problem(ctx):
    edition = factories.edition()
    other_edition = factories.edition(number=6, year=2020, is_current=False)
    foreign_theme = agenda.theme(other_edition, slug="elsewhere")
    mayor = delegate(edition)
    stranger = delegate(edition, "s@example.org", city=("Quito", "EC"))
    bad = entry_input(
        foreign_theme.id, kind="wish", title="", gcm_objectives=[24], support_areas=["tools"],
        partnership_level="local", contact_id=stranger.id, language="xx",
    )  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        create_draft(edition, mayor.city_id, bad, editor=_editor(mayor), now=NOW)
    assert set(refused.value.problems) == {
        "theme_id", "kind", "title", "gcm_objectives", "partnership_level", "contact_id",
        "language",
    }  # fmt: skip


def test_progress_goes_on_published_entries_with_web_evidence_only(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    row = entry(edition, mayor)
    report = ProgressInput(reported_on=date(2018, 12, 1), status="in_progress", percent=40)
    with pytest.raises(NotAllowed):
        add_progress(row.id, report, editor=_editor(mayor), now=NOW)
    row = entry(edition, mayor, published=True)
    for link in ("javascript:alert(1)", "ftp://x.org/a", "http://[::1", "https://"):
        report.evidence_url = link
        with pytest.raises(InvalidInput) as refused:
            add_progress(row.id, report, editor=_editor(mayor), now=NOW)
        assert "evidence_url" in refused.value.problems
    report.evidence_url, report.percent = "https://city.example.org/report", 101
    with pytest.raises(InvalidInput):
        add_progress(row.id, report, editor=_editor(mayor), now=NOW)
    report.percent = 40
    add_progress(row.id, report, editor=_editor(mayor), now=NOW)
    db.session.expire(row)
    assert row.latest_update.percent == 40
    assert "commitment.progress" in _actions(row)


def test_the_same_progress_update_sent_twice_is_recorded_once(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    row = entry(edition, mayor, published=True)
    report = ProgressInput(reported_on=date(2018, 12, 1), status="in_progress", percent=None,
                           narrative="Survey begun.")  # fmt: skip
    first = add_progress(row.id, report, editor=_editor(mayor), now=NOW)
    again = add_progress(row.id, report, editor=_editor(mayor), now=NOW)
    report.percent = 10
    other = add_progress(row.id, report, editor=_editor(mayor), now=NOW)
    assert again.id == first.id and other.id != first.id
    db.session.expire(row)
    assert [u.percent for u in row.updates] == [10, None]
    assert _actions(row).count("commitment.progress") == 2


def test_a_progress_update_cannot_be_dated_in_the_future(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    row = entry(edition, mayor, published=True)
    report = ProgressInput(reported_on=date(2018, 12, 9), status="planning")
    with pytest.raises(InvalidInput):
        add_progress(row.id, report, editor=_editor(mayor), now=NOW)


@pytest.mark.parametrize(
    ("last", "published", "now", "colour"),
    [
        (date(2019, 6, 1), None, datetime(2020, 6, 1, tzinfo=UTC), Staleness.GREEN),
        (date(2019, 6, 1), None, datetime(2020, 6, 2, tzinfo=UTC), Staleness.AMBER),
        (date(2019, 6, 1), None, datetime(2021, 6, 1, tzinfo=UTC), Staleness.AMBER),
        (date(2019, 6, 1), None, datetime(2021, 6, 2, tzinfo=UTC), Staleness.RED),
        (None, NOW, datetime(2020, 1, 1, tzinfo=UTC), Staleness.AMBER),
        (None, None, datetime(2030, 1, 1, tzinfo=UTC), Staleness.GREEN),
        (date(2020, 2, 29), None, datetime(2021, 3, 1, tzinfo=UTC), Staleness.GREEN),
        (date(2020, 2, 29), None, datetime(2021, 3, 2, tzinfo=UTC), Staleness.AMBER),
    ],
)  # fmt: skip
def test_staleness_counts_from_the_latest_update_or_publication(last, published, now, colour):
    assert staleness(last, published, now) is colour
