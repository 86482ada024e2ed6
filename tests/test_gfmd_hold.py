"""A feed that drops most of the summit is held: previewed, then confirmed or discarded
(on the page), or refused without --confirm-cancellations (the command). Never half-applied."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.jobs import run_sync_job
from forum.agenda.gfmd.models import GfmdSyncJob, SyncJobStatus
from forum.agenda.gfmd.reconcile import SyncHeld, sync_gfmd
from forum.agenda.models import GfmdSync, SessionStatus, SyncStatus
from forum.audit.models import AuditEvent
from forum.editions.models import Edition
from forum.extensions import db
from tests import factories
from tests.conftest import Auth, count_rows, csrf_token
from tests.gfmd_helpers import (
    LATER,
    NOW,
    demo_feed_keeping,
    post_sync,
    summit_sessions,
    wait_for_sync,
)


def _programme() -> list[tuple[str | None, SessionStatus, int]]:
    db.session.expire_all()
    return [(s.external_uid, s.status, s.sequence) for s in summit_sessions()]


def _demo_edition() -> Edition:
    """The demo edition with its 31 summit items taken in."""
    edition = factories.edition()
    sync_gfmd(edition, str(demo_feed_path()), now=NOW)
    db.session.commit()
    return edition


@pytest.fixture
def share(app: Flask) -> Iterator[None]:
    saved = app.config["GFMD_HOLD_CANCELLED_SHARE"]
    yield
    app.config["GFMD_HOLD_CANCELLED_SHARE"] = saved


def test_a_one_event_feed_is_held_and_changes_nothing(ctx, tmp_path):
    edition = _demo_edition()
    before = _programme()
    with pytest.raises(SyncHeld) as held:
        sync_gfmd(edition, demo_feed_keeping(1, tmp_path), now=LATER)
    db.session.commit()  # whatever the sync left in the session would be stored now
    preview = held.value.preview
    assert (preview["counts"], preview["scheduled"], preview["share"]) == (
        {"added": 0, "updated": 0, "cancelled": 30, "unchanged": 1},
        31,
        0.3,
    )
    assert [entry["outcome"] for entry in preview["changes"]] == ["cancelled"] * 30
    assert _programme() == before
    assert (count_rows(GfmdSync), edition.gfmd_agenda_source) == (1, str(demo_feed_path()))


def test_cancelling_up_to_the_share_applies_and_beyond_it_holds(ctx, tmp_path, app, share):
    edition = _demo_edition()
    # 31 scheduled items: 30 % of them is 9.3, so 9 cancellations apply and 10 are held.
    with pytest.raises(SyncHeld):
        sync_gfmd(edition, demo_feed_keeping(21, tmp_path), now=LATER)
    db.session.rollback()
    applied = sync_gfmd(edition, demo_feed_keeping(22, tmp_path), now=LATER)
    assert (applied.status, applied.cancelled) == (SyncStatus.OK, 9)
    db.session.rollback()
    app.config["GFMD_HOLD_CANCELLED_SHARE"] = 0.5
    wider = sync_gfmd(edition, demo_feed_keeping(21, tmp_path), now=LATER)
    assert wider.cancelled == 10


def test_the_first_sync_of_an_edition_is_never_held(ctx, tmp_path):
    edition = factories.edition()
    record = sync_gfmd(edition, demo_feed_keeping(1, tmp_path), now=NOW)
    assert (record.added, record.cancelled) == (1, 0)


@pytest.fixture
def organiser(app, client, tmp_path) -> Auth:
    with app.app_context():
        edition = _demo_edition()
        edition.gfmd_agenda_source = demo_feed_keeping(1, tmp_path)  # the summit's feed broke
        factories.organiser()
        db.session.commit()
    auth = Auth(client)
    auth.login(*factories.ORGANISER)
    return auth


def _held_job(client) -> tuple[int, str]:
    """Sync the edition's (broken) source on the page; the held job and its page."""
    job_id = post_sync(client, "")
    assert wait_for_sync(client, job_id)["status"] == "held"
    return job_id, client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)


def test_the_page_previews_a_mass_cancellation_and_applies_it_once_confirmed(
    app, organiser, client
):
    with app.app_context():
        before = _programme()
    job_id, page = _held_job(client)
    assert (
        "This sync would cancel 30 of the 31 scheduled summit items, more than 30% of them."
        " Nothing has changed yet." in page
    )
    would_cancel = page.split("Would cancel")[1].split("</table>")[0]
    assert len(re.findall(r"<tr>", would_cancel)) == 31  # the head and 30 items
    assert "Opening ceremony of the 11th GFMD Summit" in would_cancel
    with app.app_context():
        assert (_programme(), count_rows(GfmdSync)) == (before, 1)
    response = client.post(
        f"/admin/agenda/sync/jobs/{job_id}/confirm", data={"csrf_token": csrf_token(page)}
    )
    assert response.headers["Location"] == f"/admin/agenda/sync/jobs/{job_id}"
    assert wait_for_sync(client, job_id)["status"] == "done"
    page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
    assert "Summit agenda synced: 0 added, 0 updated, 30 cancelled, 1 unchanged." in page
    with app.app_context():
        statuses = [status for _uid, status, _seq in _programme()]
        assert statuses.count(SessionStatus.CANCELLED) == 30
        job = db.session.get_one(GfmdSyncJob, job_id)
        assert (job.held_feed, job.sync.cancelled) == (None, 30)
        assert [e.action for e in db.session.scalars(sa.select(AuditEvent))] == [
            "gfmd.sync_confirmed"
        ]


def test_a_discarded_preview_leaves_the_programme_as_it_was(app, organiser, client):
    with app.app_context():
        before = _programme()
    job_id, page = _held_job(client)
    client.post(f"/admin/agenda/sync/jobs/{job_id}/discard", data={"csrf_token": csrf_token(page)})
    page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
    assert "This sync was discarded; the programme was left as it was." in page
    with app.app_context():
        job = db.session.get_one(GfmdSyncJob, job_id)
        assert (job.status, job.held_feed, _programme(), count_rows(GfmdSync)) == (
            SyncJobStatus.DISCARDED,
            None,
            before,
            1,
        )
    again = client.post(
        f"/admin/agenda/sync/jobs/{job_id}/confirm",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "This sync is no longer waiting for a confirmation." in again.get_data(as_text=True)


def test_a_sync_applied_meanwhile_discards_the_preview(app, organiser, client):
    job_id, page = _held_job(client)
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        sync_gfmd(edition, str(demo_feed_path()), now=LATER)  # someone synced meanwhile
        db.session.commit()
        assert db.session.get_one(GfmdSyncJob, job_id).status is SyncJobStatus.DISCARDED
    response = client.post(
        f"/admin/agenda/sync/jobs/{job_id}/confirm",
        data={"csrf_token": csrf_token(page)},
        follow_redirects=True,
    )
    assert "This sync is no longer waiting for a confirmation." in response.get_data(as_text=True)


def test_a_confirmed_preview_never_undoes_a_sync_that_ran_after_it(app, organiser, client):
    app.config["GFMD_SYNC_JOBS_IN_THREAD"] = False  # the test runs the job when it likes
    try:
        job_id = post_sync(client, "")
        with app.app_context():
            assert run_sync_job(job_id) is True  # held
        page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
        client.post(
            f"/admin/agenda/sync/jobs/{job_id}/confirm", data={"csrf_token": csrf_token(page)}
        )
    finally:
        app.config["GFMD_SYNC_JOBS_IN_THREAD"] = True
    with app.app_context():
        assert db.session.get_one(GfmdSyncJob, job_id).status is SyncJobStatus.QUEUED
        edition = db.session.scalars(sa.select(Edition)).one()
        sync_gfmd(edition, str(demo_feed_path()), now=LATER)  # between confirming and running
        db.session.commit()
        before = _programme()
        assert run_sync_job(job_id) is True
        job = db.session.get_one(GfmdSyncJob, job_id)
        assert (job.status, job.error, _programme()) == (
            SyncJobStatus.FAILED,
            "outdated",  # worded on the page: "The summit agenda was synced again since…"
            before,
        )


def test_the_command_prints_what_it_would_cancel_and_changes_nothing(app, runner, tmp_path):
    with app.app_context():
        _demo_edition()
        before = _programme()
    one_event = demo_feed_keeping(1, tmp_path)
    result = runner.invoke(args=["forum", "sync-gfmd", one_event])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:3] == [
        "Not synced: this feed would cancel 30 of the 31 scheduled summit items (more than 30%).",
        "It would also add 0 and update 0.",
        "Would cancel (30):",
    ]
    assert "  - Opening ceremony of the 11th GFMD Summit  [gfmd2018-opening@gfmd.example]" in lines
    assert lines[-1] == (
        "Error: Nothing was changed. If the summit really dropped these items,"
        " run again with --confirm-cancellations."
    )
    with app.app_context():
        assert (_programme(), count_rows(GfmdSync)) == (before, 1)
    confirmed = runner.invoke(args=["forum", "sync-gfmd", one_event, "--confirm-cancellations"])
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.output.splitlines()[0] == (
        f"Synced {one_event}: 0 added, 0 updated, 30 cancelled, 1 unchanged."
    )


def test_the_held_feed_is_what_gets_applied_not_a_new_download(app, organiser, client, tmp_path):
    job_id, page = _held_job(client)
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        Path(edition.gfmd_agenda_source).write_text("not a calendar any more")
    client.post(f"/admin/agenda/sync/jobs/{job_id}/confirm", data={"csrf_token": csrf_token(page)})
    assert wait_for_sync(client, job_id)["status"] == "done"
