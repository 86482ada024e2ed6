"""Organisers' pages for the GFMD summit agenda: sync history, sync now, clashes."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response as BaseResponse

from forum.agenda.gfmd.clashes import SEVERITY_LABELS, find_clashes
from forum.agenda.gfmd.forms import SyncForm
from forum.agenda.gfmd.reconcile import sync_history, sync_or_record_failure
from forum.agenda.labels import SESSION_KIND_LABELS
from forum.agenda.models import GfmdSync, SyncStatus
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.i18n import local_time
from forum.web import attempt

bp = Blueprint("gfmd_admin", __name__, url_prefix="/admin/agenda")

SYNC_STATUS_LABELS = {SyncStatus.OK: _l("Synced"), SyncStatus.FAILED: _l("Failed")}
OUTCOME_LABELS = {
    "added": _l("Added"),
    "updated": _l("Updated"),
    "cancelled": _l("Cancelled"),
    "unchanged": _l("Unchanged"),
}
FIELD_LABELS = {
    "title": _l("Title"),
    "starts_at": _l("Start"),
    "ends_at": _l("End"),
    "location": _l("Place"),
    "description": _l("Description"),
    "all_day": _l("All day"),
    "status": _l("Status"),
    "kind": _l("Kind"),
}
STATUS_VALUE_LABELS = {"scheduled": _l("Scheduled"), "cancelled": _l("Cancelled")}
KIND_VALUE_LABELS = {kind.value: label for kind, label in SESSION_KIND_LABELS.items()}


@bp.app_template_filter("sync_value")
def sync_value(value: object, zone: str, name: str = "") -> str:
    """A before/after value of a sync in words: times in the edition's zone, kinds named."""
    if not isinstance(value, str):
        return "" if value is None else str(value)
    labels = {"status": STATUS_VALUE_LABELS, "kind": KIND_VALUE_LABELS}.get(name, {})
    if value in labels:
        return str(labels[value])
    if name in {"starts_at", "ends_at"}:
        return local_time(datetime.fromisoformat(value), zone)
    return value


def _render_history(edition: Edition, form: SyncForm) -> str:
    return render_template(
        "agenda/admin/sync.html",
        edition=edition,
        form=form,
        syncs=sync_history(edition),
        status_labels=SYNC_STATUS_LABELS,
        outcome_labels=OUTCOME_LABELS,
        field_labels=FIELD_LABELS,
    )


@bp.get("/sync")
@role_required(Role.ORGANISER)
def sync_page() -> str:
    """The summit syncs of the current edition, newest first, and the form to sync now."""
    edition = current_edition_or_404()
    form = SyncForm(stored_source=edition.gfmd_agenda_source, source=edition.gfmd_agenda_source)
    return _render_history(edition, form)


@bp.post("/sync")
@role_required(Role.ORGANISER)
def sync_now() -> BaseResponse | tuple[str, int]:
    """Sync the summit agenda now; a broken feed is kept in the history as a failed sync."""
    edition = current_edition_or_404()
    form = SyncForm(stored_source=edition.gfmd_agenda_source)
    if not form.validate_on_submit():
        return _render_history(edition, form), 400
    record = attempt(lambda: sync_or_record_failure(edition, form.source.data, now=utcnow())).value
    if record is not None and record.status is SyncStatus.OK:
        flash(_summary(record), "success")
    elif record is not None:
        flash(_("The summit agenda could not be synced: %(error)s", error=record.error), "error")
    return redirect(url_for(".sync_page"))


def _summary(record: GfmdSync) -> str:
    return _(
        "Summit agenda synced: %(added)d added, %(updated)d updated, %(cancelled)d cancelled,"
        " %(unchanged)d unchanged.",
        added=record.added,
        updated=record.updated,
        cancelled=record.cancelled,
        unchanged=record.unchanged,
    )


@bp.get("/clashes")
@role_required(Role.ORGANISER)
def clashes() -> str:
    """Forum sessions that overlap summit items, the most severe first."""
    edition = current_edition_or_404()
    return render_template(
        "agenda/admin/clashes.html",
        edition=edition,
        clashes=find_clashes(edition),
        severity_labels=SEVERITY_LABELS,
        kind_labels=SESSION_KIND_LABELS,
    )
