"""Organisers' badge printing under /admin/badges: queue a batch, watch it, download it."""

from __future__ import annotations

import io
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.badges import printing
from forum.badges.forms import BadgeJobForm
from forum.badges.jobs import create_job, recent_jobs, start_in_thread
from forum.badges.labels import JOB_STATUS_LABELS, LAYOUT_LABELS, job_status_words
from forum.badges.models import Badge, BadgeJob, JobStatus
from forum.badges.preview import altered_badges, badge_preview
from forum.badges.printing import BadgeSelection, count_badges
from forum.badges.prints import confirm_printed
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.web import attempt, flash_form_errors

bp = Blueprint("badges_admin", __name__, url_prefix="/admin/badges")
ORGANISER = role_required(Role.ORGANISER)


@bp.route("/", methods=["GET", "POST"])
@ORGANISER
def index() -> Response | str:
    """Choose badges to print; the PDF is made in the background."""
    edition = current_edition_or_404()
    form = BadgeJobForm()
    if form.validate_on_submit():
        job = create_job(
            edition,
            layout=form.layout.data,
            category=form.selected_category(),
            not_printed=form.not_printed.data,
            requested_by=current_user,
        )
        db.session.commit()
        # Without a `forum worker` process, this process renders the PDF itself.
        if current_app.config.get("BADGE_JOBS_IN_THREAD", True):
            start_in_thread(current_app._get_current_object(), job.id)  # type: ignore[attr-defined]
        return redirect(url_for(".job", job_id=job.id))
    return _index_page(edition, form)


def _index_page(edition: Edition, form: BadgeJobForm) -> str:
    """The form, the badge counts and the recent batches."""
    return render_template(
        "badges/admin/index.html",
        edition=edition,
        form=form,
        jobs=recent_jobs(edition),
        printable=count_badges(BadgeSelection(edition.id)),
        not_printed={
            layout: count_badges(BadgeSelection(edition.id, not_printed=True, layout=layout))
            for layout in LAYOUT_LABELS
        },
        layout_labels=LAYOUT_LABELS,
        status_labels=JOB_STATUS_LABELS,
        altered=altered_badges(edition.id),
    )


def _job_or_404(job_id: int) -> BadgeJob:
    """The batch, or a 404 page."""
    job = db.session.get(BadgeJob, job_id)
    if job is None:
        abort(404)
    return job


@bp.route("/jobs/<int:job_id>")
@ORGANISER
def job(job_id: int) -> str:
    """A batch's progress, and its PDF once done."""
    return render_template(
        "badges/admin/job.html",
        job=_job_or_404(job_id),
        form=ButtonForm(),
        layout_labels=LAYOUT_LABELS,
        status_labels=JOB_STATUS_LABELS,
        status_words=job_status_words(),
    )


@bp.route("/jobs/<int:job_id>.json")
@ORGANISER
def job_status(job_id: int) -> Response:
    """A batch's progress, for the page's progress bar."""
    job = _job_or_404(job_id)
    done = job.status is JobStatus.DONE
    return jsonify(
        id=job.id,
        status=job.status.value,
        total=job.total,
        done=job.done,
        download_url=url_for(".download", job_id=job.id) if done else None,
    )


@bp.post("/jobs/<int:job_id>/printed")
@ORGANISER
def mark_printed(job_id: int) -> Response:
    """Record that the batch's badges were printed, once the organiser has them in hand."""
    _job_or_404(job_id)
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: confirm_printed(job_id, actor=current_user, now=utcnow())).ok:
        flash(_("The batch's badges are marked printed on its layout."), "success")
    return redirect(url_for(".job", job_id=job_id))


@bp.get("/badges/<int:badge_id>")
@ORGANISER
def preview(badge_id: int) -> str:
    """A badge's text exactly as it prints, with what the printing leaves out."""
    badge = db.session.get(Badge, badge_id) or abort(404)
    return render_template("badges/admin/preview.html", preview=badge_preview(badge))


@bp.get("/badges/<int:badge_id>/badge.pdf")
@ORGANISER
def badge_pdf(badge_id: int) -> Response:
    """One badge as an A6 PDF, to check it before a batch."""
    badge = db.session.get(Badge, badge_id) or abort(404)
    return send_file(
        io.BytesIO(printing.badge_pdf(badge)),
        mimetype="application/pdf",
        download_name=f"badge-{badge.id}.pdf",
    )


@bp.route("/jobs/<int:job_id>/download")
@ORGANISER
def download(job_id: int) -> Response:
    """The finished batch's PDF."""
    job = _job_or_404(job_id)
    path = Path(job.file_path)
    if job.status is not JobStatus.DONE or not job.file_path or not path.is_file():
        abort(404)
    return send_file(
        path,
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"badges-{job.id}-{job.layout}.pdf",
    )
