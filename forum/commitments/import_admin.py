"""Organisers' import of entries collected on paper: upload a CSV or XLSX file, read every
row's problem in the preview, confirm to write them all (on the organisers' blueprint)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import ngettext
from werkzeug.wrappers import Response

from forum.agenda.queries import themes
from forum.cities.models import City
from forum.commitments.admin import ORGANISER, bp, organiser_editor
from forum.commitments.import_files import note
from forum.commitments.import_words import COLUMN_LABELS, template_csv
from forum.commitments.importing import ImportRow, apply_import, preview_import
from forum.commitments.tool_forms import ImportForm
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.web import attempt, download

__all__ = ["bp"]


@bp.route("/import", methods=["GET", "POST"])
@ORGANISER
def import_entries() -> Response | str:
    """Upload a file, see every row's problem, then confirm to write them all at once."""
    edition = current_edition_or_404()
    form = ImportForm()
    rows = None
    if form.validate_on_submit():
        rows = attempt(lambda: preview_import(edition, form.text())).value
        if rows is not None and form.confirm.data and _imported(edition, rows):
            return redirect(url_for(".index"))
    read = note(str(form.csv_text.data), form.encoding) if rows is not None else ""
    return render_template("commitments/admin/import.html", form=form, rows=rows,
                           columns=COLUMN_LABELS, note=read)  # fmt: skip


def _imported(edition: Edition, rows: list[ImportRow]) -> bool:
    """Write the previewed rows; True (and said) when they are in."""
    made = attempt(lambda: apply_import(edition, rows, editor=organiser_editor(), now=utcnow()))
    if made.value is None:
        return False
    count = len(made.value)
    flash(ngettext("%(num)d entry imported.", "%(num)d entries imported.", count), "success")
    return True


@bp.get("/import/template.csv")
@ORGANISER
def import_template() -> Response:
    """A CSV to fill in: the header row in the reader's language and one example row."""
    edition = current_edition_or_404()
    first = next(iter(themes(edition, published_only=False)), None)
    city = db.session.scalar(sa.select(City).order_by(City.id).limit(1))
    text = template_csv(
        first.slug if first else "", *((city.country_code, city.name) if city else ("", ""))
    )
    return download(text.encode("utf-8"), "commitments-template.csv", "text/csv")
