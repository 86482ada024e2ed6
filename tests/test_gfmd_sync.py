"""The GFMD summit sync: reconciling by UID, the history, clashes and the command."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from forum.agenda.gfmd.clashes import ClashSeverity, find_clashes
from forum.agenda.gfmd.fetch import FeedError, demo_feed_path
from forum.agenda.gfmd.reconcile import record_failed_sync, sync_gfmd
from forum.agenda.models import GfmdSync, Session, SessionKind, SessionStatus, SyncStatus
from forum.db import utcnow
from forum.extensions import db
from tests import factories
from tests.conftest import count_rows
from tests.gfmd_helpers import (
    LATER,
    NOW,
    REAL_FEEDS,
    counting_queries,
    fixture,
    forum_session,
    summit_item,
    summit_sessions,
    utc,
)


def test_first_import_of_the_demo_feed_adds_everything_and_finds_the_clash(ctx):
    edition = factories.edition()
    forum_session(edition, "Opening plenary", utc(8, 8), utc(8, 9))
    record = sync_gfmd(edition, str(demo_feed_path()), now=NOW)
    db.session.commit()
    assert (record.status, record.added, record.updated, record.cancelled, record.unchanged) == (
        SyncStatus.OK,
        31,
        0,
        0,
        0,
    )
    assert record.warnings == []
    assert record.changes[0] == {
        "uid": "gfmd2018-csd-days@gfmd.example",
        "title": "GFMD Civil Society Days",
        "outcome": "added",
        "changes": {},
    }
    assert record.new_clashes == [
        "“Opening plenary” overlaps the summit's “Side event: Towards the Intergovernmental"
        " Conference” (Side event) for 60 minutes from Dec 8, 2018, 9:00 AM."
    ]
    assert edition.gfmd_agenda_source == str(demo_feed_path())
    sessions = summit_sessions()
    assert len(sessions) == 31
    assert {(s.status, s.sequence) for s in sessions} == {(SessionStatus.SCHEDULED, 0)}


def test_a_second_version_moves_cancels_and_removes_items(ctx):
    edition = factories.edition()
    sync_gfmd(edition, fixture("summit-v1.ics"), now=NOW)
    db.session.commit()
    ids_before = {s.external_uid: s.id for s in summit_sessions()}

    # It cancels 2 of the 5 scheduled items, more than the share a sync may cancel unasked.
    record = sync_gfmd(edition, fixture("summit-v2.ics"), now=LATER, confirmed=True)
    db.session.commit()
    assert (record.added, record.updated, record.cancelled, record.unchanged) == (1, 1, 2, 2)
    assert record.changes == [
        {
            "uid": "rt1-1@gfmd.test",
            "title": "RT 1.1 – From vulnerability to resilience",
            "outcome": "updated",
            "changes": {
                "starts_at": ["2018-12-06T08:00:00+00:00", "2018-12-06T09:00:00+00:00"],
                "ends_at": ["2018-12-06T10:00:00+00:00", "2018-12-06T11:00:00+00:00"],
            },
        },
        {
            "uid": "side-cities@gfmd.test",
            "title": "Side event: Cities and the Global Compact",
            "outcome": "cancelled",
            "changes": {"status": ["scheduled", "cancelled"]},
        },
        {
            "uid": "business@gfmd.test",
            "title": "GFMD business meeting",
            "outcome": "added",
            "changes": {},
        },
        {
            "uid": "lunch-2@gfmd.test",
            "title": "Lunch",
            "outcome": "cancelled",
            "changes": {"status": ["scheduled", "cancelled"]},
        },
    ]
    after = {s.external_uid: s for s in summit_sessions()}
    assert {uid: (s.status.value, s.sequence) for uid, s in after.items()} == {
        "business@gfmd.test": ("scheduled", 0),
        "closing@gfmd.test": ("scheduled", 0),
        "lunch-2@gfmd.test": ("cancelled", 1),  # gone from the feed: cancelled, kept
        "opening@gfmd.test": ("scheduled", 0),
        "rt1-1@gfmd.test": ("scheduled", 1),
        "side-cities@gfmd.test": ("cancelled", 1),
    }
    assert (after["rt1-1@gfmd.test"].starts_at, after["rt1-1@gfmd.test"].updated_at) == (
        utc(6, 9),
        LATER,
    )
    assert {uid: after[uid].id for uid in ids_before} == ids_before  # same rows, none deleted


def test_syncing_the_same_feed_again_changes_nothing(ctx):
    edition = factories.edition()
    sync_gfmd(edition, fixture("summit-v1.ics"), now=NOW)
    sync_gfmd(edition, fixture("summit-v2.ics"), now=NOW, confirmed=True)
    record = sync_gfmd(edition, None, now=LATER)  # None: the edition's own source
    db.session.commit()
    assert (record.source, record.added, record.updated, record.cancelled, record.unchanged) == (
        fixture("summit-v2.ics"),
        0,
        0,
        0,
        5,
    )
    assert record.changes == []
    assert count_rows(GfmdSync) == 3


def test_a_sync_that_creates_a_clash_reports_it(ctx):
    edition = factories.edition()
    forum_session(edition, "Cities' consultation", utc(7, 10, 30), utc(7, 12))
    first = sync_gfmd(edition, fixture("summit-v1.ics"), now=NOW)
    second = sync_gfmd(edition, fixture("summit-v2.ics"), now=LATER, confirmed=True)
    third = sync_gfmd(edition, fixture("summit-v2.ics"), now=LATER)
    assert (first.new_clashes, third.new_clashes) == ([], [])
    assert second.new_clashes == [
        "“Cities' consultation” overlaps the summit's “GFMD business meeting”"
        " (Business meeting) for 30 minutes from Dec 7, 2018, 11:30 AM."
    ]


def test_a_malformed_feed_leaves_everything_as_it_was(ctx):
    edition = factories.edition()
    sync_gfmd(edition, fixture("summit-v1.ics"), now=NOW)
    db.session.commit()
    before = [(s.external_uid, s.status, s.sequence, s.starts_at) for s in summit_sessions()]

    with pytest.raises(FeedError) as raised:
        sync_gfmd(edition, fixture("malformed.ics"), now=LATER)
    db.session.rollback()
    record_failed_sync(edition, fixture("malformed.ics"), raised.value.message, now=LATER)
    db.session.commit()

    assert [
        (s.external_uid, s.status, s.sequence, s.starts_at) for s in summit_sessions()
    ] == before
    assert edition.gfmd_agenda_source == fixture("summit-v1.ics")
    failed = db.session.scalars(
        sa.select(GfmdSync).where(GfmdSync.status == SyncStatus.FAILED)
    ).one()
    assert (failed.source, failed.error, failed.added) == (
        fixture("malformed.ics"),
        "Line 4: BEGIN:VEVENT is never closed by END:VEVENT (the file looks cut short or damaged).",
        0,
    )


def test_a_sync_without_any_source_is_refused(ctx):
    edition = factories.edition()
    with pytest.raises(FeedError) as raised:
        sync_gfmd(edition, None, now=NOW)
    assert raised.value.message == (
        "No summit agenda source: give the address or file of its calendar."
    )


def test_items_without_uid_are_not_duplicated_by_a_second_sync(ctx):
    edition = factories.edition()
    first = sync_gfmd(edition, fixture("missing-uid.ics"), now=NOW)
    second = sync_gfmd(edition, fixture("missing-uid.ics"), now=LATER)
    assert (first.added, second.added, second.unchanged) == (2, 0, 2)
    assert len(first.warnings) == 2
    assert [s.title for s in sorted(summit_sessions(), key=lambda s: s.starts_at)] == [
        "Welcome coffee",
        "Networking reception",
    ]


def test_occurrences_of_a_series_are_stored_one_by_one(ctx):
    edition = factories.edition()
    record = sync_gfmd(edition, fixture("recurrence-id.ics"), now=NOW)
    assert record.added == 3
    assert [(s.external_uid, s.status.value, s.starts_at) for s in summit_sessions()] == [
        ("rt-briefing@gfmd.test#2018-12-05T07:00:00+00:00", "scheduled", utc(5, 7)),
        ("rt-briefing@gfmd.test#2018-12-06T07:00:00+00:00", "scheduled", utc(6, 8)),
        ("rt-briefing@gfmd.test#2018-12-07T07:00:00+00:00", "cancelled", utc(7, 7)),
    ]


@pytest.mark.parametrize(
    ("name", "dates", "added", "expected_warnings"),
    [
        (
            "nodeical_multi_event_basic.ics",
            (date(2011, 3, 26), date(2011, 11, 15)),
            7,
            [
                "mixes a date and a date-time",  # Dyncon: DTSTART in UTC, DTEND a date
                "DTSTART 'Next Year' is not a date or a date-time",
                "has no readable start (DTSTART), so it was left out",
                "“Rich Web Experience 2011” (47f6ea3f28af2986a2192fa39a91fa7d60d26b76) runs from"
                " 2011-11-29 00:00 UTC to 2011-12-03 00:00 UTC, outside the summit's dates with"
                " their margin (2011-03-12 to 2011-11-29); it was not taken.",
            ],
        ),
        (
            "nodeical_festival_multiday.ics",
            (date(2011, 8, 5), date(2011, 8, 5)),
            129,
            [
                "The feed has no VERSION line",
                "The feed has no PRODID line",
                "has no UID; it is known as derived-",
                "its times are marked as dates but carry a time",
                "does not end after it starts",
            ],
        ),
    ],
)
def test_real_feeds_import_with_warnings_for_what_could_not_be_taken(
    ctx, name, dates, added, expected_warnings
):
    path = REAL_FEEDS / name
    edition = factories.edition(year=2011, starts_on=dates[0], ends_on=dates[1])
    record = sync_gfmd(edition, str(path), now=NOW)
    db.session.commit()
    assert (record.status, record.added, record.cancelled) == (SyncStatus.OK, added, 0)
    found = [any(text in warning for warning in record.warnings) for text in expected_warnings]
    assert found == [True] * len(expected_warnings)
    again = sync_gfmd(edition, str(path), now=LATER)
    assert (again.added, again.updated, again.cancelled, again.unchanged) == (0, 0, 0, added)


def test_items_outside_the_summit_dates_are_refused_one_by_one(ctx):
    edition = factories.edition()  # 8 December 2018: the 2011 feed is years away
    record = sync_gfmd(edition, str(REAL_FEEDS / "nodeical_multi_event_basic.ics"), now=NOW)
    assert (record.status, record.added, summit_sessions()) == (SyncStatus.OK, 0, [])
    refused = [w for w in record.warnings if w.endswith("; it was not taken.")]
    assert len(refused) == 8
    assert refused[0] == (
        "“Dyncon 2011” (d4c826dfb701f611416d69b4df81caf9ff80b03a) runs from 2011-03-12 20:00 UTC"
        " to 2011-03-14 00:00 UTC, outside the summit's dates with their margin"
        " (2018-11-24 to 2018-12-22); it was not taken."
    )


def test_clashes_come_most_severe_first_in_one_query(ctx):
    edition = factories.edition()
    opening = forum_session(edition, "Opening plenary", utc(8, 8), utc(8, 9, 30))
    summit_item(edition, "Side event", SessionKind.SIDE_EVENT, utc(8, 8), utc(8, 9, 30))
    summit_item(edition, "Plenary", SessionKind.PLENARY, utc(8, 9), utc(8, 10))
    summit_item(edition, "Lunch", SessionKind.MEAL, utc(8, 9, 15), utc(8, 11))
    cancelled = summit_item(edition, "Cancelled", SessionKind.OPENING, utc(8, 8), utc(8, 9))
    cancelled.status = SessionStatus.CANCELLED
    summit_item(edition, "Afterwards", SessionKind.OPENING, utc(8, 9, 30), utc(8, 10))
    db.session.commit()
    db.session.expire_all()
    db.session.refresh(edition)
    with counting_queries() as statements:
        clashes = find_clashes(edition)
        rooms = [clash.forum_session.place for clash in clashes]
    assert [(c.summit_item.title, c.severity, c.overlap_minutes) for c in clashes] == [
        ("Plenary", ClashSeverity.HIGH, 30),
        ("Side event", ClashSeverity.LOW, 90),
        ("Lunch", ClashSeverity.LOWEST, 15),
    ]
    assert {c.forum_session.id for c in clashes} == {opening.id}
    selects = [statement for statement in statements if statement.startswith("SELECT")]
    assert (len(selects), rooms) == (1, ["", "", ""])


def test_the_cli_prints_what_it_added_updated_cancelled_and_left_unchanged(app, runner):
    with app.app_context():
        factories.edition()
        db.session.commit()
    runner.invoke(args=["forum", "sync-gfmd", fixture("summit-v1.ics")])
    result = runner.invoke(
        args=["forum", "sync-gfmd", fixture("summit-v2.ics"), "--confirm-cancellations"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        f"Synced {fixture('summit-v2.ics')}: 1 added, 1 updated, 2 cancelled, 2 unchanged."
    )
    assert lines[1:5] == [
        "  updated   RT 1.1 – From vulnerability to resilience  [rt1-1@gfmd.test]",
        "            starts_at: 2018-12-06T08:00:00+00:00 -> 2018-12-06T09:00:00+00:00",
        "            ends_at: 2018-12-06T10:00:00+00:00 -> 2018-12-06T11:00:00+00:00",
        "  cancelled Side event: Cities and the Global Compact  [side-cities@gfmd.test]",
    ]
    assert "  added     GFMD business meeting  [business@gfmd.test]" in lines


def test_the_cli_prints_warnings_and_new_clashes(app, runner):
    with app.app_context():
        edition = factories.edition()
        forum_session(edition, "Opening plenary", utc(8, 8), utc(8, 9))
        db.session.commit()
    result = runner.invoke(args=["forum", "sync-gfmd", fixture("missing-dtend.ics")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-3:] == [
        "Warnings (2):",
        "  - “Closing plenary” (closing@gfmd.test) has no end (DTEND or DURATION);"
        " taken as one hour.",
        "  - “Family photo” (photo@gfmd.test) does not end after it starts; taken as one hour.",
    ]
    # The demo feed drops both items of the first: confirmed.
    result = runner.invoke(
        args=["forum", "sync-gfmd", str(demo_feed_path()), "--confirm-cancellations"]
    )
    assert result.output.splitlines()[-2:] == [
        "New clashes (1):",
        "  - “Opening plenary” overlaps the summit's “Side event: Towards the Intergovernmental"
        " Conference” (Side event) for 60 minutes from Dec 8, 2018, 9:00 AM.",
    ]


def test_the_cli_fails_clearly_on_a_broken_feed_and_records_it(app, runner):
    with app.app_context():
        factories.edition()
        db.session.commit()
    result = runner.invoke(args=["forum", "sync-gfmd", fixture("not-a-calendar.ics")])
    assert result.exit_code == 1
    assert result.output.endswith(
        "Error: The summit agenda could not be synced: The file is not a calendar.\n"
    )
    with app.app_context():
        rows = db.session.scalars(sa.select(GfmdSync)).all()
        assert [(r.status, r.source, r.added) for r in rows] == [
            (SyncStatus.FAILED, fixture("not-a-calendar.ics"), 0)
        ]
        assert count_rows(Session) == 0


def test_failed_sync_helper_uses_the_edition_source_when_none_given(ctx):
    edition = factories.edition(gfmd_agenda_source="https://gfmd.example/agenda.ics")
    record = record_failed_sync(edition, None, "boom", now=utcnow())
    db.session.flush()
    assert (record.source, record.status, record.error) == (
        "https://gfmd.example/agenda.ics",
        SyncStatus.FAILED,
        "boom",
    )
