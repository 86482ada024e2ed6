"""Organisers' pages for the GFMD summit agenda: sync history, sync now, clashes.

A sync runs in the background (the worker, or a thread of this process): the page queues
it and follows its progress; one that would cancel too much waits for a confirmation.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.agenda.gfmd import labels
from forum.agenda.gfmd.clashes import SEVERITY_LABELS, find_clashes
from forum.agenda.gfmd.failures import failure_message, is_web_address, source_label
from forum.agenda.gfmd.forms import SyncForm
from forum.agenda.gfmd.history import sync_history
from forum.agenda.gfmd.jobs import (
    confirm_held,
    discard_held,
    queue_sync,
    start_in_thread,
    waiting_jobs,
)
from forum.agenda.gfmd.models import GfmdSyncJob
from forum.agenda.labels import SESSION_KIND_LABELS
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.web import attempt, flash_form_errors

CLASHES_PER_PAGE = 100
bp = Blueprint("gfmd_admin", __name__, url_prefix="/admin/agenda")
ORGANISER = role_required(Role.ORGANISER)
LABELS = {
    "status_labels": labels.SYNC_STATUS_LABELS,
    "job_labels": labels.JOB_STATUS_LABELS,
    "step_labels": labels.STEP_LABELS,
    "outcome_labels": labels.OUTCOME_LABELS,
    "field_labels": labels.FIELD_LABELS,
}
bp.add_app_template_filter(labels.sync_value, "sync_value")
bp.add_app_template_filter(failure_message, "sync_failure")
bp.add_app_template_filter(source_label, "sync_source")


def _render_history(edition: Edition, form: SyncForm) -> str:
    return render_template(
        "agenda/admin/sync.html",
        edition=edition,
        form=form,
        jobs=waiting_jobs(edition),
        syncs=sync_history(edition),
        **LABELS,
    )


def _start(job_id: int) -> None:
    """Without a `forum worker` process, a thread of this one runs the sync."""
    if current_app.config.get("GFMD_SYNC_JOBS_IN_THREAD", True):
        start_in_thread(current_app._get_current_object(), job_id)  # type: ignore[attr-defined]


def _job_or_404(job_id: int) -> GfmdSyncJob:
    job = db.session.get(GfmdSyncJob, job_id)
    if job is None:
        abort(404)
    return job


@bp.get("/sync")
@ORGANISER
def sync_page() -> str:
    """The summit syncs of the current edition, newest first, and the form to sync now."""
    edition = current_edition_or_404()
    stored = edition.gfmd_agenda_source
    # A file of the server is synced by leaving the field empty: its path is not shown.
    form = SyncForm(stored_source=stored, source=stored if is_web_address(stored) else "")
    return _render_history(edition, form)


@bp.post("/sync")
@ORGANISER
def sync_now() -> Response | tuple[str, int]:
    """Queue a sync of the summit agenda and follow it on its own page."""
    edition = current_edition_or_404()
    form = SyncForm(stored_source=edition.gfmd_agenda_source)
    if not form.validate_on_submit():
        return _render_history(edition, form), 400
    job = attempt(
        lambda: queue_sync(edition, form.source.data, requested_by=current_user, now=utcnow())
    ).value
    assert job is not None  # queueing refuses nothing
    _start(job.id)
    return redirect(url_for(".sync_job", sync_job_id=job.id))


@bp.get("/sync/jobs/<int:sync_job_id>")
@ORGANISER
def sync_job(sync_job_id: int) -> str:
    """A sync's progress, then what it did, or what it would do if confirmed."""
    job = _job_or_404(sync_job_id)
    return render_template(
        "agenda/admin/sync_job.html",
        job=job,
        edition=job.edition,
        form=ButtonForm(),
        words=labels.job_words(),
        **LABELS,
    )


@bp.get("/sync/jobs/<int:sync_job_id>.json")
@ORGANISER
def sync_job_status(sync_job_id: int) -> Response:
    """A sync's state, for its page to follow."""
    job = _job_or_404(sync_job_id)
    return jsonify(
        id=job.id,
        status=job.status.value,
        step=job.step,
        sync_id=job.sync_id,
        error=failure_message(job.error) or None,
    )


@bp.post("/sync/jobs/<int:sync_job_id>/confirm")
@ORGANISER
def confirm_sync(sync_job_id: int) -> Response:
    """Apply a held sync, cancellations and all (in the background, like any sync)."""
    _job_or_404(sync_job_id)
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: confirm_held(sync_job_id, actor=current_user)).ok:
        _start(sync_job_id)
    return redirect(url_for(".sync_job", sync_job_id=sync_job_id))


@bp.post("/sync/jobs/<int:sync_job_id>/discard")
@ORGANISER
def discard_sync(sync_job_id: int) -> Response:
    """Drop a held sync; the programme stays as it is."""
    _job_or_404(sync_job_id)
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    else:
        attempt(lambda: discard_held(sync_job_id, actor=current_user, now=utcnow()))
    return redirect(url_for(".sync_job", sync_job_id=sync_job_id))


@bp.get("/clashes")
@ORGANISER
def clashes() -> str:
    """Forum sessions that overlap summit items, the most severe first, a page at a time."""
    edition = current_edition_or_404()
    every = find_clashes(edition)
    pages = max(1, -(-len(every) // CLASHES_PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    first = (page - 1) * CLASHES_PER_PAGE
    return render_template(
        "agenda/admin/clashes.html",
        edition=edition,
        clashes=every[first : first + CLASHES_PER_PAGE],
        total=len(every),
        first=first,
        page=page,
        pages=pages,
        severity_labels=SEVERITY_LABELS,
        kind_labels=SESSION_KIND_LABELS,
    )
