"""Badge pages: the organisers' batches, the delegate's own badge, the approval e-mail."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime

import sqlalchemy as sa
from flask.testing import FlaskClient

from forum.badges.models import BadgeJob, JobStatus
from forum.badges.services import qr_text
from forum.extensions import db
from forum.mail.models import OutboxEmail
from forum.registration.decisions import decide
from forum.registration.links import private_link_token
from forum.registration.models import RegistrationStatus
from tests import factories
from tests.badges.helpers import approved, badge_of, finished_job
from tests.conftest import Auth, csrf_token
from tests.pdf_reading import decode_qr_codes, page_count, pdf_lines


def _wait_until_finished(client: FlaskClient, job_id: int) -> dict[str, object]:
    """The job's JSON state once it is done or failed (the daemon thread runs it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = client.get(f"/admin/badges/jobs/{job_id}.json").get_json()
        if state["status"] in {"done", "failed"}:
            return state
        time.sleep(0.05)
    raise AssertionError("the badge job did not finish")


def test_the_badge_pages_are_for_organisers_only(app, client):
    with app.app_context():
        factories.edition()
        factories.staff()
        db.session.commit()
    assert client.get("/admin/badges/").status_code == 302
    Auth(client).login(*factories.STAFF)
    assert client.get("/admin/badges/").status_code == 403


def test_an_organiser_makes_a_batch_and_downloads_it(app, client, tmp_path):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        for n in range(9):
            approved(edition, f"d{n}@example.org", ("Delegate", f"N{n}"))
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    page = client.get("/admin/badges/").get_data(as_text=True)
    response = client.post(
        "/admin/badges/", data={"csrf_token": csrf_token(page), "layout": "a4", "category": ""}
    )
    job_id = int(response.headers["Location"].rsplit("/", 1)[1])
    assert response.headers["Location"] == f"/admin/badges/jobs/{job_id}"
    state = _wait_until_finished(client, job_id)
    download = f"/admin/badges/jobs/{job_id}/download"
    assert state == {
        "id": job_id, "status": "done", "total": 9, "done": 9, "download_url": download
    }  # fmt: skip
    pdf = client.get(download)
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")
    assert page_count(pdf.data) == 3
    assert download in client.get(f"/admin/badges/jobs/{job_id}").get_data(as_text=True)


def test_the_progress_page_polls_with_a_script_file_not_inline_code(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        # A live batch: its heartbeat is fresh, so no worker takes it up as dead meanwhile.
        job = BadgeJob(edition_id=edition.id, status=JobStatus.RUNNING, total=8, done=4,
                       heartbeat_at=datetime.now(UTC))  # fmt: skip
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    Auth(client).login(*factories.ORGANISER)
    html = client.get(f"/admin/badges/jobs/{job_id}").get_data(as_text=True)
    assert '<progress id="badge-job-progress" max="8" value="4">' in html
    assert '<script type="module" src="/static/js/badge-job.js"></script>' in html
    assert f'data-badge-job="/admin/badges/jobs/{job_id}.json"' in html
    assert client.get(f"/admin/badges/jobs/{job_id}/download").status_code == 404
    assert client.get("/static/js/badge-job.js").status_code == 200


def test_the_delegate_sees_the_badge_and_downloads_it(app, client):
    with app.app_context():
        registration = approved(factories.edition(), "valerie@example.org")
        token = private_link_token(registration)
        code = qr_text(badge_of(registration))
        db.session.commit()
    html = client.get(f"/r/{token}").get_data(as_text=True)
    assert f'href="/r/{token}/badge.pdf"' in html
    assert '<svg class="badge-qr"' in html
    assert " style=" not in html
    response = client.get(f"/r/{token}/badge.pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert decode_qr_codes(response.data) == [code]


def test_pending_and_rejected_delegates_have_no_badge(app, client):
    with app.app_context():
        edition = factories.edition()
        tokens = [
            private_link_token(
                factories.registration(edition, f"{status.value}@example.org", status)
            )
            for status in (RegistrationStatus.PENDING, RegistrationStatus.REJECTED)
        ]
        db.session.commit()
    for token in tokens:
        assert client.get(f"/r/{token}/badge.pdf").status_code == 404
        assert "badge-qr" not in client.get(f"/r/{token}").get_data(as_text=True)
    assert client.get("/r/not-a-token/badge.pdf").status_code == 404


def test_the_approval_email_carries_the_badge(ctx):
    edition = factories.edition()
    registration = factories.registration(edition, "ada@example.org")
    decide(
        registration,
        RegistrationStatus.APPROVED,
        actor=factories.organiser(),
        now=datetime.now(UTC),
    )
    email = db.session.scalars(
        sa.select(OutboxEmail).where(OutboxEmail.template == "approved")
    ).one()
    assert [a["filename"] for a in email.attachments] == ["mayoral-forum-2018.ics", "badge.pdf"]
    pdf = base64.b64decode(email.attachments[1]["data"])
    assert decode_qr_codes(pdf) == [qr_text(badge_of(registration))]


def test_the_organisers_preview_shows_the_name_as_printed_and_what_was_left_out(app, client):
    with app.app_context():
        edition = factories.edition()
        factories.organiser()
        badge_id = badge_of(approved(edition, "ana@example.org", ("Ana 🌍", "Pérez"))).id
        plain_id = badge_of(approved(edition, "bo@example.org", ("Bo", "Plain"))).id
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    index = client.get("/admin/badges/").get_data(as_text=True)
    assert f'<a href="/admin/badges/badges/{badge_id}">Ana Pérez</a>' in index
    assert f"/admin/badges/badges/{plain_id}" not in index  # nothing left out of that one
    html = client.get(f"/admin/badges/badges/{badge_id}").get_data(as_text=True)
    assert "<strong data-printed-name>Ana Pérez</strong>" in html
    assert "<span data-dropped>🌍</span>" in html
    plain = client.get(f"/admin/badges/badges/{plain_id}").get_data(as_text=True)
    assert "<strong data-printed-name>Bo Plain</strong>" in plain
    assert "data-dropped" not in plain
    pdf = client.get(f"/admin/badges/badges/{badge_id}/badge.pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf_lines(pdf.data)[1] == "Ana Pérez"  # the preview says what the PDF prints
    assert client.get("/admin/badges/badges/999").status_code == 404


def test_a_batch_made_before_confirmations_says_how_its_badges_were_marked(app, client, tmp_path):
    with app.app_context():
        job_id = finished_job(factories.edition(), tmp_path).id  # no list of its badges
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    html = client.get(f"/admin/badges/jobs/{job_id}").get_data(as_text=True)
    assert "its badges were marked printed when it was made" in html
    assert "/printed" not in html
    refused = client.post(
        f"/admin/badges/jobs/{job_id}/printed", data={"csrf_token": csrf_token(html)}
    )
    assert refused.status_code == 302
    assert "This batch has no badges to mark printed." in client.get(
        refused.headers["Location"]
    ).get_data(as_text=True)
