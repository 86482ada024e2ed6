"""The organisers' and staff's landing page under /admin."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.dashboard.overview import overview
from forum.dashboard.translations import translation_completeness
from forum.db import utcnow
from forum.editions.services import current_edition
from forum.extensions import db
from forum.mail.models import OutboxEmail, OutboxStatus
from forum.registration.labels import STATUS_LABELS
from forum.registration.moderation import status_counts
from forum.registration.returning import returning_counts

bp = Blueprint("dashboard_admin", __name__, url_prefix="/admin")


@bp.route("/")
@role_required(Role.STAFF)
def index() -> Response | str:
    """Organisers see the registration figures; staff go to their tools."""
    if not current_user.has_role(Role.ORGANISER):
        return render_template("dashboard/staff.html")
    edition = current_edition()
    if edition is None:
        return redirect(url_for("main.index"))
    return render_template(
        "dashboard/index.html",
        edition=edition,
        counts=status_counts(edition),
        status_labels=STATUS_LABELS,
        outbox=_outbox_counts(),
        overview=overview(edition, now=utcnow()),
        returning=returning_counts(edition),
        translated=translation_completeness(edition),
    )


def _outbox_counts() -> dict[OutboxStatus, int]:
    """How many e-mails wait, went or failed."""
    rows = db.session.execute(
        sa.select(OutboxEmail.status, sa.func.count()).group_by(OutboxEmail.status)
    ).all()
    counts: dict[OutboxStatus, int] = dict(rows)
    return {status: counts.get(status, 0) for status in OutboxStatus}
