"""The organisers' summit sync and clash pages."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from forum.agenda.gfmd.fetch import demo_feed_path
from forum.agenda.gfmd.reconcile import sync_gfmd
from forum.agenda.models import GfmdSync, Session, SessionKind, SyncStatus
from forum.editions.models import Edition
from forum.extensions import db
from tests import factories
from tests.conftest import Auth, count_rows, csrf_token
from tests.gfmd_helpers import (
    LATER,
    NOW,
    fixture,
    forum_session,
    post_sync,
    summit_item,
    utc,
    wait_for_sync,
)


@pytest.fixture
def organiser(app, client) -> Auth:
    with app.app_context():
        factories.edition(gfmd_agenda_source=str(demo_feed_path()))
        factories.organiser()
        db.session.commit()
    auth = Auth(client)
    auth.login(*factories.ORGANISER)
    return auth


def test_the_sync_page_syncs_from_the_prefilled_source_and_shows_the_history(organiser, client):
    page = client.get("/admin/agenda/sync").get_data(as_text=True)
    # The edition's source is a file of the server: synced by leaving the field empty,
    # named but never shown by its path.
    assert str(demo_feed_path()) not in page
    assert "Leave the address empty to sync the edition's calendar: the demo summit" in page
    assert "has not been synced yet" in page
    job_id = post_sync(client, "")
    assert wait_for_sync(client, job_id)["status"] == "done"
    response = client.get(f"/admin/agenda/sync/jobs/{job_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Summit agenda synced: 31 added, 0 updated, 0 cancelled, 0 unchanged." in page
    assert "Opening ceremony of the 11th GFMD Summit" in page
    history = client.get("/admin/agenda/sync").get_data(as_text=True)
    assert "Opening ceremony of the 11th GFMD Summit" in history
    assert str(demo_feed_path().parent) not in page + history
    for html in (page, history):
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert " style=" not in html


def test_the_sync_page_shows_each_change_in_the_edition_time_zone(app, organiser, client):
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        sync_gfmd(edition, fixture("summit-v1.ics"), now=NOW)
        sync_gfmd(edition, fixture("summit-v2.ics"), now=LATER, confirmed=True)
        db.session.commit()
    page = client.get("/admin/agenda/sync").get_data(as_text=True)
    # CLDR puts a narrow no-break space before AM/PM.
    arrow = '<span class="arrow" aria-hidden="true">→</span>'  # mirrored in Arabic
    plain = page.replace("\u202f", " ").replace(arrow, "→")
    assert re.findall(r"<div>(.*?)</div>", plain) == [
        "Start: Dec 6, 2018, 9:00 AM → Dec 6, 2018, 10:00 AM",
        "End: Dec 6, 2018, 11:00 AM → Dec 6, 2018, 12:00 PM",
        "Status: Scheduled → Cancelled",
        "Status: Scheduled → Cancelled",
    ]
    shown = [int(n) for n in re.findall(r'id="sync-(\d+)"', page)]
    assert len(shown) == 2 and shown == sorted(shown, reverse=True)  # newest first


def test_the_sync_page_refuses_local_files_other_than_the_edition_source(app, organiser, client):
    page = client.get("/admin/agenda/sync").get_data(as_text=True)
    response = client.post(
        "/admin/agenda/sync", data={"csrf_token": csrf_token(page), "source": "/etc/passwd"}
    )
    assert response.status_code == 400
    assert "Give an http or https address" in response.get_data(as_text=True)
    with app.app_context():
        assert count_rows(GfmdSync) == 0


def test_the_sync_page_records_a_broken_feed_as_a_failed_sync(app, organiser, client):
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        edition.gfmd_agenda_source = fixture("malformed.ics")
        db.session.commit()
    job_id = post_sync(client, "")
    assert wait_for_sync(client, job_id)["status"] == "failed"
    page = client.get(f"/admin/agenda/sync/jobs/{job_id}").get_data(as_text=True)
    assert "could not be synced: The file is not a calendar." in page
    assert "BEGIN:VEVENT" not in page and fixture("malformed.ics") not in page
    with app.app_context():
        assert [s.status for s in db.session.scalars(sa.select(GfmdSync))] == [SyncStatus.FAILED]
        assert count_rows(Session) == 0


def test_the_clash_page_lists_the_plenary_before_the_side_event(app, organiser, client):
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        forum_session(edition, "Opening plenary", utc(8, 8), utc(8, 9, 30))
        summit_item(edition, "Side event: cities", SessionKind.SIDE_EVENT, utc(8, 8), utc(8, 9, 30))
        summit_item(edition, "Summit plenary", SessionKind.PLENARY, utc(8, 9), utc(8, 10))
        db.session.commit()
    page = client.get("/admin/agenda/clashes").get_data(as_text=True)
    assert page.index("Summit plenary") < page.index("Side event: cities")
    assert re.findall(r"<strong>(.*?)</strong>", page) == [
        "Opening plenary",
        "Summit plenary",
        "Opening plenary",
        "Side event: cities",
    ]
    assert re.findall(r"<td>(\d+ minutes)</td>", page) == ["30 minutes", "90 minutes"]


def test_the_clash_page_says_when_there_is_none(organiser, client):
    page = client.get("/admin/agenda/clashes").get_data(as_text=True)
    assert "No forum session overlaps a summit item." in page


def test_the_clash_page_comes_a_hundred_at_a_time(app, organiser, client):
    with app.app_context():
        edition = db.session.scalars(sa.select(Edition)).one()
        forum_session(edition, "Long plenary", utc(8, 0), utc(8, 23))
        for n in range(250):
            summit_item(
                edition, f"Side event {n:03}", SessionKind.SIDE_EVENT, utc(8, 9), utc(8, 10)
            )
        db.session.commit()
    first = client.get("/admin/agenda/clashes").get_data(as_text=True)
    last = client.get("/admin/agenda/clashes?page=3").get_data(as_text=True)
    beyond = client.get("/admin/agenda/clashes?page=99")
    assert first.count('class="clash ') == 100
    assert "Clashes 1 to 100 of 250." in first and "Page 1 of 3" in first
    assert last.count('class="clash ') == 50 and "Clashes 201 to 250 of 250." in last
    assert beyond.status_code == 200 and "Page 3 of 3" in beyond.get_data(as_text=True)
