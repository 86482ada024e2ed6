"""Bulk actions and GCM tagging: each entry through the single action's locked, audited
service in a transaction of its own; a summary of what changed and what was skipped, why."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from forum.commitments.bulk import BulkAction, BulkRequest, run_bulk
from forum.commitments.models import Commitment, Status
from forum.commitments.tagging import set_public, tag_gcm
from forum.errors import InvalidInput
from forum.extensions import db
from tests import factories
from tests.commitments.helpers import NOW, delegate
from tests.commitments.tool_helpers import actions, entries, organiser
from tests.conftest import Auth, csrf_token


def _bulk(edition, action, ids, **values):
    summary = run_bulk(edition.id, BulkRequest(action, ids, **values), editor=organiser(), now=NOW)
    db.session.commit()  # the request's one commit
    return summary


def test_publishing_in_bulk_changes_the_submitted_and_says_why_others_are_skipped(ctx):
    edition = factories.edition()
    waiting = entries(edition, "Data", "Housing", status="submitted")
    done = entries(edition, "Jobs", status="published", mayor=delegate(edition, "b@example.org"))
    draft = entries(edition, "Schools", mayor=delegate(edition, "c@example.org"))
    ids = [r.id for r in [*waiting, *done, *draft]]
    summary = _bulk(edition, BulkAction.PUBLISH, [*reversed(ids), 999_999])
    assert summary.changed == [waiting[0].id, waiting[1].id]
    reasons = {s.commitment_id: s.reason for s in summary.skipped}
    assert reasons == {
        done[0].id: "Already published.",
        draft[0].id: "Not allowed from its state (Draft).",
        999_999: "Not an entry of this edition.",
    }
    db.session.expire_all()
    assert [db.session.get(Commitment, i).status for i in ids] == [
        Status.PUBLISHED, Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT,
    ]  # fmt: skip
    assert actions(waiting[0])[-1] == "commitment.published"
    assert actions(done[0]).count("commitment.published") == 1


def test_returning_in_bulk_needs_one_comment_and_gives_it_to_each(ctx):
    edition = factories.edition()
    rows = entries(edition, "Data", "Housing", status="submitted")
    with pytest.raises(InvalidInput) as refused:
        _bulk(edition, BulkAction.RETURN, [r.id for r in rows], comment="   ")
    assert "comment" in refused.value.problems
    assert {r.status for r in rows} == {Status.SUBMITTED}
    summary = _bulk(edition, BulkAction.RETURN, [r.id for r in rows], comment="Add a target date.")
    assert len(summary.changed) == 2
    db.session.expire_all()
    assert {(r.status, r.organiser_comment) for r in rows} == {
        (Status.RETURNED, "Add a target date.")
    }
    again = _bulk(edition, BulkAction.RETURN, [rows[0].id], comment="Again")
    assert again.changed == [] and again.skipped[0].reason == "Already returned to its city."


def test_withdrawing_and_visibility_in_bulk_bump_versions_and_are_audited(ctx):
    edition = factories.edition()
    rows = entries(edition, "Data", "Housing", status="published")
    versions = [r.version for r in rows]
    summary = _bulk(edition, BulkAction.PRIVATE, [r.id for r in rows])
    assert len(summary.changed) == 2
    db.session.expire_all()
    assert [r.is_public for r in rows] == [False, False]
    assert [r.version for r in rows] == [v + 1 for v in versions]
    assert actions(rows[0])[-1] == "commitment.visibility"
    assert _bulk(edition, BulkAction.PRIVATE, [rows[0].id]).skipped[0].reason == (
        "Already organisers-only."
    )
    _bulk(edition, BulkAction.WITHDRAW, [rows[0].id])
    db.session.expire_all()
    assert rows[0].status is Status.WITHDRAWN
    skipped = _bulk(edition, BulkAction.PUBLIC, [rows[0].id]).skipped[0]
    assert skipped.reason == "This entry can no longer be changed here."


def test_gcm_tags_are_added_and_removed_without_duplicates_audited_and_versioned(ctx):
    edition = factories.edition()
    row = entries(edition, "Data")[0]  # on objectives 1 and 16
    version = row.version
    assert tag_gcm(row.id, add={1, 2, 23}, remove={16}, editor=organiser(), now=NOW)
    assert row.gcm_objectives == [1, 2, 23]
    assert row.version == version + 1
    assert not tag_gcm(row.id, add={2}, editor=organiser(), now=NOW)  # a repeat does nothing
    assert row.version == version + 1
    with pytest.raises(InvalidInput):
        tag_gcm(row.id, add={24}, editor=organiser(), now=NOW)
    with pytest.raises(InvalidInput):
        tag_gcm(row.id, add={0}, editor=organiser(), now=NOW)
    db.session.commit()
    linked = db.session.scalar(sa.text(
        "SELECT count(*) FROM commitment_gcm_objectives WHERE commitment_id = :id"
    ), {"id": row.id})  # fmt: skip
    assert linked == 3
    assert actions(row)[-1] == "commitment.gcm_tagged"


def test_only_organisers_tag_or_change_visibility(ctx):
    from forum.commitments.access import Editor, NotYours

    edition = factories.edition()
    mayor = delegate(edition)
    row = entries(edition, "Data", mayor=mayor)[0]
    editor = Editor(user=mayor.user, registration=mayor)
    with pytest.raises(NotYours):
        tag_gcm(row.id, add={3}, editor=editor, now=NOW)
    with pytest.raises(NotYours):
        set_public(row.id, False, editor=editor, now=NOW)
    with pytest.raises(NotYours):
        run_bulk(edition.id, BulkRequest(BulkAction.PUBLISH, [row.id]), editor=editor, now=NOW)


def test_tagging_in_bulk_needs_objectives_and_skips_entries_that_have_them(ctx):
    edition = factories.edition()
    rows = entries(edition, "Data", "Housing", status="submitted")
    tag_gcm(rows[1].id, add={5}, editor=organiser(), now=NOW)
    db.session.commit()
    with pytest.raises(InvalidInput):
        _bulk(edition, BulkAction.TAG, [r.id for r in rows])
    summary = _bulk(edition, BulkAction.TAG, [r.id for r in rows], add=frozenset({5}))
    assert summary.changed == [rows[0].id]
    assert summary.skipped[0].reason == "Its objectives are already so."
    db.session.expire_all()
    assert [r.gcm_objectives for r in rows] == [[1, 5, 16], [1, 5, 16]]


def _list_page(client):
    return client.get("/admin/commitments/").get_data(as_text=True)


def test_the_list_page_acts_on_the_ticked_entries_or_on_all_the_page_lists(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        rows = entries(edition, "Data", "Housing", "Jobs", status="submitted")
        db.session.commit()
        ids = [r.id for r in rows]
    Auth(client).login(*factories.ORGANISER)
    page = _list_page(client)
    assert f'form="bulk" name="ids" value="{ids[0]}"' in page
    done = client.post("/admin/commitments/bulk", data={
        "csrf_token": csrf_token(page), "action": "public", "ids": [str(ids[0])],
    }, follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "0 entries changed." in done
    assert f"Skipped (Already public): #{ids[0]} Data" in done
    done = client.post("/admin/commitments/bulk", data={
        "csrf_token": csrf_token(page), "action": "publish", "ids": [str(ids[0])],
        "all_on_page": "y", "page_ids": [str(i) for i in ids],
    }, follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "3 entries changed." in done
    again = client.post("/admin/commitments/bulk", data={
        "csrf_token": csrf_token(page), "action": "publish", "ids": [str(i) for i in ids],
    }, follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert (
        f"Skipped (Already published): #{ids[0]} Data, #{ids[1]} Housing, #{ids[2]} Jobs" in again
    )
    to_merge = client.post("/admin/commitments/bulk", data={
        "csrf_token": csrf_token(page), "action": "merge", "ids": [str(i) for i in ids[:2]],
    })  # fmt: skip
    assert to_merge.headers["Location"].endswith(f"/merge?ids={ids[0]}&ids={ids[1]}")
    with app.app_context():
        assert set(db.session.scalars(sa.select(Commitment.status))) == {Status.PUBLISHED}


def test_the_detail_page_sets_an_entrys_objectives(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        row_id = entries(edition, "Data")[0].id
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = client.get(f"/admin/commitments/{row_id}").get_data(as_text=True)
    assert 'name="objectives" value="16" id="gcm-16" checked' in page
    client.post(f"/admin/commitments/{row_id}/gcm", data={
        "csrf_token": csrf_token(page), "objectives": ["3", "16"],
    })  # fmt: skip
    with app.app_context():
        assert db.session.get(Commitment, row_id).gcm_objectives == [3, 16]


def test_a_large_batchs_summary_names_ten_skipped_entries_per_reason_and_counts_the_rest(app):
    from flask import get_flashed_messages

    from forum.commitments.bulk import BulkSummary, Skipped
    from forum.commitments.tools_admin import flash_summary

    skipped = [Skipped(i, f"Entry {i}", "Already published.") for i in range(1, 26)]
    with app.test_request_context():
        flash_summary(BulkSummary(changed=[30, 31], skipped=[*skipped, Skipped(40, "X", "Gone.")]))
        messages = get_flashed_messages()
    assert messages[0] == "2 entries changed."
    assert messages[1].startswith("Skipped (Already published): #1 Entry 1, #2 Entry 2,")
    assert messages[1].endswith("#10 Entry 10 and 15 more")
    assert messages[2] == "Skipped (Gone): #40 X"


def _bulk_as(app, organiser_id: int, edition_id: int, action: BulkAction, ids: list[int]):
    from forum.auth.models import User
    from forum.commitments.access import Editor

    with app.app_context():
        editor = Editor(user=db.session.get(User, organiser_id))
        summary = run_bulk(edition_id, BulkRequest(action, ids), editor=editor, now=NOW)
        db.session.commit()
        return summary


def test_two_batches_over_the_same_entries_at_once_never_deadlock_and_publish_once(app):
    from tests.test_races import run_at_once

    with app.app_context():
        edition = factories.edition()
        rows = entries(edition, *(f"Entry {i}" for i in range(6)), status="submitted")
        organiser_id = organiser().user.id
        db.session.commit()
        ids, edition_id = [r.id for r in rows], edition.id
    # The two batches list the entries in opposite orders; each locks them lowest id first.
    orders = [ids, list(reversed(ids))]
    summaries = run_at_once(
        2, lambda i: _bulk_as(app, organiser_id, edition_id, BulkAction.PUBLISH, orders[i])
    )
    assert sorted(len(s.changed) for s in summaries) == [0, 6]
    with app.app_context():
        from forum.audit.models import AuditEvent

        published = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "commitment.published")
        )
        assert published == 6
