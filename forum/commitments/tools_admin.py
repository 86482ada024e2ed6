"""Organisers' tools on the commitments list: bulk actions, GCM tags on one entry, and
merging duplicates (the routes sit on the organisers' blueprint)."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from forum.commitments.admin import ORGANISER, _entry, bp, organiser_editor
from forum.commitments.bulk import BulkSummary, run_bulk
from forum.commitments.labels import labels
from forum.commitments.merging import MERGE_FIELDS, merge_entries
from forum.commitments.models import Commitment
from forum.commitments.objectives import GCM, titles_here
from forum.commitments.queries import LOADED
from forum.commitments.tagging import tag_gcm
from forum.commitments.tool_forms import MERGE, BulkForm, GcmForm, MergeForm
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.web import attempt, flash_form_errors

__all__ = ["bp"]
NAMED, TITLE_SHOWN = 10, 40  # how many skipped entries a summary names, and how much of each


@bp.post("/bulk")
@ORGANISER
def bulk() -> Response:
    """One action for every entry ticked (or every entry on the page); a summary after."""
    edition = current_edition_or_404()
    form = BulkForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif form.action.data == MERGE:
        return redirect(url_for(".merge", ids=form.chosen()))
    else:
        run = partial(run_bulk, edition.id, form.request(), editor=organiser_editor())
        done = attempt(lambda: run(now=utcnow()))
        if done.value is not None:
            flash_summary(done.value)
    return redirect(request.referrer or url_for(".index"))


def flash_summary(summary: BulkSummary) -> None:
    """Say how many entries changed, and which were skipped and why (one line per reason,
    so a large batch still fits in the session)."""
    changed = len(summary.changed)
    flash(ngettext("%(num)d entry changed.", "%(num)d entries changed.", changed), "success")
    for reason, skipped in summary.by_reason().items():
        named = ", ".join(
            f"#{s.commitment_id} {s.title[:TITLE_SHOWN]}".strip() for s in skipped[:NAMED]
        )
        more = len(skipped) - NAMED
        if more > 0:
            named += " " + ngettext("and %(num)d more", "and %(num)d more", more)
        flash(_("Skipped (%(reason)s): %(entries)s", reason=reason.rstrip("."), entries=named),
              "warning")  # fmt: skip


@bp.post("/<int:commitment_id>/gcm")
@ORGANISER
def tag_entry(commitment_id: int) -> Response:
    """Set the GCM objectives of one entry (those ticked are added, the others removed)."""
    commitment = _entry(commitment_id)
    form = GcmForm()
    if form.validate_on_submit():
        wanted = set(form.objectives.data or ())
        tag = partial(tag_gcm, commitment_id, add=wanted, remove=set(GCM) - wanted)
        if attempt(lambda: tag(editor=organiser_editor(), now=utcnow())).ok:
            flash(_("The GCM objectives are saved."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".detail", commitment_id=commitment.id))


def _merging(ids: list[int]) -> list[Commitment]:
    """The entries of the current edition among ``ids``, in id order."""
    edition = current_edition_or_404()
    query = sa.select(Commitment).where(Commitment.edition_id == edition.id, Commitment.id.in_(ids))
    return list(db.session.scalars(query.options(*LOADED).order_by(Commitment.id)))


@bp.route("/merge", methods=["GET", "POST"])
@ORGANISER
def merge() -> Response | str:
    """Choose the entry that stays and each field's value, then merge the others into it."""
    form = MergeForm(formdata=request.form if request.method == "POST" else request.args)
    entries = _merging(list(form.ids.data or []))
    if form.validate_on_submit():  # only ever true for a post
        others = [entry.id for entry in entries if entry.id != form.survivor.data]
        run = partial(merge_entries, current_edition_or_404().id, form.survivor.data, others,
                      keep=form.keep(), editor=organiser_editor())  # fmt: skip
        merged = attempt(lambda: run(now=utcnow()))
        if merged.value is not None:
            flash(_("The entries are merged into #%(id)d.", id=merged.value.id), "success")
            return redirect(url_for(".detail", commitment_id=merged.value.id))
    elif request.method == "POST":
        flash_form_errors(form)
    return render_template("commitments/admin/merge.html", form=form, entries=entries,
                           fields=MERGE_FIELDS, gcm=titles_here(GCM), **labels())  # fmt: skip
