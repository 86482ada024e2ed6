"""Merging duplicates: the survivor keeps the chosen fields and takes the others' updates
and objectives once each; the others are withdrawn, noted and lead to it; rows are locked
in id order (two merges at once never deadlock); likely duplicates are suggested."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.commitments.access import Editor
from forum.commitments.duplicates import likely_duplicates, similar
from forum.commitments.merging import merge_entries
from forum.commitments.models import Commitment, ProgressUpdate, Status
from forum.errors import InvalidInput, NotAllowed
from forum.extensions import db
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import NOW, delegate, progress
from tests.commitments.tool_helpers import actions, entries, organiser
from tests.conftest import Auth, csrf_token
from tests.test_races import run_at_once


def _merge(edition, survivor, others, **keep):
    return merge_entries(
        edition.id, survivor.id, [o.id for o in others], keep=keep, editor=organiser(), now=NOW
    )


def test_the_survivor_keeps_the_fields_chosen_and_takes_updates_and_objectives(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    keep, other = entries(edition, "Data on newcomers", "Data on new comers", mayor=mayor,
                          status="published")  # fmt: skip
    other.target = "Count every arrival by 2020"
    editor = Editor(user=mayor.user, registration=mayor)
    progress(keep, editor, date(2018, 5, 1), "planning")
    progress(other, editor, date(2018, 5, 1), "planning")  # the same report twice: kept once
    progress(other, editor, date(2018, 11, 1), "fulfilled")
    from forum.commitments.tagging import tag_gcm

    tag_gcm(other.id, add={3}, editor=organiser(), now=NOW)
    version = keep.version
    _merge(edition, keep, [other], target=other.id)
    assert keep.target == "Count every arrival by 2020"
    assert keep.title == "Data on newcomers"
    assert keep.gcm_objectives == [1, 3, 16]
    assert [(u.reported_on, u.status.value) for u in keep.updates] == [
        (date(2018, 11, 1), "fulfilled"), (date(2018, 5, 1), "planning"),
    ]  # fmt: skip
    assert keep.version == version + 1
    assert (other.status, other.merged_into_id) == (Status.WITHDRAWN, keep.id)
    assert other.organiser_comment == f"Merged into #{keep.id}."
    assert actions(keep)[-1] == "commitment.merged"
    assert actions(other)[-1] == "commitment.merged_into"
    db.session.commit()
    left = db.session.scalar(sa.select(sa.func.count()).select_from(ProgressUpdate).where(
        ProgressUpdate.commitment_id == other.id))  # fmt: skip
    assert left == 1  # the duplicate report stays on the withdrawn entry


def test_a_repeat_does_nothing_and_a_third_entry_merges_later(ctx):
    edition = factories.edition()
    a, b, c = entries(edition, "Data", "Data!", "Data.", status="submitted")
    _merge(edition, a, [b])
    version = a.version
    _merge(edition, a, [b])
    assert a.version == version
    _merge(edition, a, [b, c])
    assert c.merged_into_id == a.id and a.version == version + 1


def test_only_one_city_and_theme_merge_and_never_a_withdrawn_entry(ctx):
    edition = factories.edition()
    mayor = delegate(edition)
    a, b = entries(edition, "Data", "Data", mayor=mayor)
    elsewhere = entries(
        edition, "Data", mayor=delegate(edition, "q@example.org", city=("Quito", "EC"))
    )[0]
    other_theme = entries(edition, "Data", mayor=mayor, theme=agenda.theme(edition, slug="jobs"))[0]
    for wrong in (elsewhere, other_theme):
        with pytest.raises(NotAllowed):
            _merge(edition, a, [wrong])
    from forum.commitments.services import withdraw

    withdraw(b.id, editor=organiser(), now=NOW)
    with pytest.raises(NotAllowed):
        _merge(edition, a, [b])
    with pytest.raises(InvalidInput):
        _merge(edition, a, [])
    with pytest.raises(InvalidInput):
        _merge(edition, a, [entries(edition, "Data", mayor=mayor)[0]], title=999)
    with pytest.raises(InvalidInput):
        merge_entries(edition.id, a.id, [123456], keep={}, editor=organiser(), now=NOW)


def test_a_merged_entrys_public_address_leads_to_the_survivor(app, client):
    with app.app_context():
        edition = factories.edition()
        keep, other = entries(edition, "Data", "Data", status="published")
        db.session.commit()
        keep_id, other_id = keep.id, other.id
        assert client.get(f"/commitments/{other_id}").status_code == 200
        _merge(edition, keep, [other])
        db.session.commit()
    moved = client.get(f"/commitments/{other_id}")
    assert moved.status_code == 301
    assert moved.headers["Location"].endswith(f"/commitments/{keep_id}")
    assert client.get("/commitments/999999").status_code == 404


def test_a_merged_entrys_api_address_answers_301_to_the_survivor(app, client):
    with app.app_context():
        edition = factories.edition()
        keep, other, gone = entries(edition, "Data", "Data", "Housing", status="published")
        _merge(edition, keep, [other])
        gone.status = Status.WITHDRAWN  # withdrawn, never merged: nowhere to lead
        db.session.commit()
        keep_id, other_id, gone_id = keep.id, other.id, gone.id
    for suffix in ("", "/matches"):
        moved = client.get(f"/api/v1/commitments/{other_id}{suffix}")
        assert moved.status_code == 301
        assert moved.headers["Location"] == f"/api/v1/commitments/{keep_id}{suffix}"
        assert moved.get_json()["error"]["code"] == "merged"
        followed = client.get(f"/api/v1/commitments/{other_id}{suffix}", follow_redirects=True)
        assert followed.status_code == 200
        assert keep_id in (followed.get_json().get("id"), followed.get_json().get("commitment"))
        missing = client.get(f"/api/v1/commitments/{gone_id}{suffix}")
        assert (missing.status_code, missing.get_json()["error"]["code"]) == (404, "not_found")
        in_french = client.get(f"/api/v1/commitments/{other_id}{suffix}?lang=fr")
        assert in_french.headers["Location"] == f"/api/v1/commitments/{keep_id}{suffix}?lang=fr"


def test_likely_duplicates_share_city_theme_and_kind_and_read_alike_once_folded(ctx):
    assert similar("Données sur les nouveaux arrivants", "donnees sur les nouveaux arrivants.")
    assert similar("Łódź welcomes newcomers", "Lodz welcomes newcomers")
    assert not similar("Data on newcomers", "Housing for families")
    edition = factories.edition()
    mayor = delegate(edition)
    titles = ("Données sur les arrivants", "Donnees sur les arrivants", "Housing")
    a, b, _housing = entries(edition, *titles, mayor=mayor)
    other_kind = entries(edition, "Données sur les arrivants", kind="doing", mayor=mayor)[0]
    groups = likely_duplicates(edition.id)
    assert [[row.id for row in group] for group in groups] == [[a.id, b.id]]
    assert other_kind.id not in {row.id for group in groups for row in group}


def test_the_list_suggests_the_duplicates_and_the_merge_page_merges(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        a, b = entries(edition, "Data on newcomers", "Data on newcomers", status="submitted")
        b.partners = "IOM"
        db.session.commit()
        a_id, b_id = a.id, b.id
    Auth(client).login(*factories.ORGANISER)
    listed = client.get("/admin/commitments/").get_data(as_text=True)
    assert "Likely duplicates" in listed
    assert f"/admin/commitments/merge?ids={a_id}&amp;ids={b_id}" in listed
    page = client.get(f"/admin/commitments/merge?ids={a_id}&ids={b_id}").get_data(as_text=True)
    assert f'name="keep_partners" value="{b_id}"' in page
    done = client.post("/admin/commitments/merge", data={
        "csrf_token": csrf_token(page), "ids": [str(a_id), str(b_id)], "survivor": str(a_id),
        "keep_partners": str(b_id), "keep_title": "",
    })  # fmt: skip
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/{a_id}")
    with app.app_context():
        assert db.session.get(Commitment, a_id).partners == "IOM"
        assert db.session.get(Commitment, b_id).status is Status.WITHDRAWN
    assert "Likely duplicates" not in client.get("/admin/commitments/").get_data(as_text=True)


def test_a_merge_posted_without_a_survivor_is_refused_on_the_page_not_a_server_error(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        a, b = entries(edition, "Data on newcomers", "Data on newcomers", status="submitted")
        db.session.commit()
        a_id, b_id = a.id, b.id
    Auth(client).login(*factories.ORGANISER)
    page = client.get(f"/admin/commitments/merge?ids={a_id}&ids={b_id}").get_data(as_text=True)
    for survivor in ({}, {"survivor": ""}):
        refused = client.post("/admin/commitments/merge", data={
            "csrf_token": csrf_token(page), "ids": [str(a_id), str(b_id)], **survivor,
        })  # fmt: skip
        assert refused.status_code == 200, survivor
        assert "This field is required." in refused.get_data(as_text=True), survivor
    with app.app_context():
        assert [db.session.get(Commitment, i).status for i in (a_id, b_id)] == [
            Status.SUBMITTED
        ] * 2


def _merge_as(app: Flask, organiser_id: int, survivor_id: int, other_id: int) -> str:
    from forum.auth.models import User

    with app.app_context():
        editor = Editor(user=db.session.get(User, organiser_id))
        edition_id = db.session.get(Commitment, survivor_id).edition_id
        try:
            merge_entries(edition_id, survivor_id, [other_id], keep={}, editor=editor, now=NOW)
        except NotAllowed:
            db.session.rollback()
            return "refused"
        db.session.commit()
        return f"into {survivor_id}"


def test_two_opposite_merges_of_one_pair_at_once_lock_in_id_order_and_one_wins(app: Flask):
    with app.app_context():
        edition = factories.edition()
        a, b = entries(edition, "Data", "Data", status="published")
        db.session.commit()
        pair, organiser_id = (a.id, b.id), organiser().user.id
    # One merges b into a, the other a into b: both lock the lower id first, so neither
    # waits on the other's second row; the second to run finds a withdrawn entry.
    results = run_at_once(2, lambda i: _merge_as(app, organiser_id, pair[i], pair[1 - i]))
    assert sorted(results)[0].startswith("into") and sorted(results)[1] == "refused"
    with app.app_context():
        rows = [db.session.get(Commitment, i) for i in pair]
        assert sorted(row.status.value for row in rows) == ["published", "withdrawn"]
