"""A failed summit sync says why in plain words, on its page, in the history and in its JSON,
and never shows the server's paths or an exception's text (those go to the log)."""

from __future__ import annotations

import sqlalchemy as sa

from forum.agenda.gfmd.models import GfmdSyncJob
from forum.agenda.models import GfmdSync, SyncStatus
from forum.editions.models import Edition
from forum.extensions import db
from tests.gfmd_helpers import post_sync, wait_for_sync
from tests.test_gfmd_jobs import organiser  # noqa: F401 (fixture)


def _pages(client, job_id: int) -> dict[str, str]:
    return {
        "job page": client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True),
        "history": client.get("/admin/agenda/sync").get_data(as_text=True),
        "json": client.get(f"/admin/agenda/sync/jobs/{job_id}.json").get_data(as_text=True),
    }


def _assert_nothing_technical(app, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        for secret in ("Errno", "Name or service not known", app.root_path, app.instance_path):
            assert secret not in text, (name, secret)


def test_an_unresolvable_host_says_the_address_could_not_be_reached(app, organiser, client):  # noqa: F811
    job_id = post_sync(client, "https://nonexistent.invalid/agenda.ics")
    state = wait_for_sync(client, job_id)
    assert (state["status"], state["error"]) == ("failed", "The address could not be reached.")
    pages = _pages(client, job_id)
    assert "could not be synced: The address could not be reached." in pages["job page"]
    assert "The address could not be reached." in pages["history"]
    _assert_nothing_technical(app, pages)
    with app.app_context():
        job = db.session.get_one(GfmdSyncJob, job_id)
        assert (job.error, job.sync.error) == ("unreachable", "unreachable")


def test_a_missing_file_of_the_server_is_never_named_by_its_path(app, organiser, client):  # noqa: F811
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        edition.gfmd_agenda_source = f"{app.instance_path}/gone/agenda.ics"
        db.session.commit()
    job_id = post_sync(client, "")
    assert wait_for_sync(client, job_id)["error"] == "The calendar file could not be read."
    pages = _pages(client, job_id)
    assert "a calendar file on the server" in pages["history"]
    _assert_nothing_technical(app, pages)


def test_old_free_text_errors_are_not_shown(app, organiser, client):  # noqa: F811
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        raw = "[Errno -2] Name or service not known"
        db.session.add(
            GfmdSync(edition_id=edition.id, source="x", error=raw, status=SyncStatus.FAILED)
        )
        db.session.commit()
    page = client.get("/admin/agenda/sync").get_data(as_text=True)
    assert "The sync failed." in page and "Errno" not in page
