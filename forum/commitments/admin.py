"""Organisers' commitment pages: the list with filters, one entry with its trail, publishing,
returning with a comment, withdrawing and editing."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask import Response as FlaskResponse
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.agenda.queries import themes
from forum.audit.services import trail
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.commitments.access import Editor
from forum.commitments.exports import entries_csv, entries_xlsx
from forum.commitments.filters import FILTER_KEYS, from_args
from forum.commitments.forms import ReturnForm, TranslatedEntryForm
from forum.commitments.labels import labels
from forum.commitments.models import Commitment
from forum.commitments.outdated import outdated_translations
from forum.commitments.pages import conflict_with, entry_form, organiser_entry_form
from forum.commitments.queries import all_entries
from forum.commitments.routes import gcm_titles
from forum.commitments.services import create_draft, edit, publish, return_to_city, withdraw
from forum.commitments.tool_forms import list_tools
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.spreadsheets import XLSX_TYPE
from forum.web import attempt, download, export_filename, flash_form_errors

bp = Blueprint("commitments_admin", __name__, url_prefix="/admin/commitments")
ORGANISER = role_required(Role.ORGANISER)


def _entry(commitment_id: int) -> Commitment:
    """An entry of the current edition, or 404."""
    commitment = db.session.get(Commitment, commitment_id)
    if commitment is None or commitment.edition_id != current_edition_or_404().id:
        abort(404)
    return commitment


def organiser_editor() -> Editor:
    """The signed-in organiser, as the services' editor."""
    return Editor(user=current_user)


@bp.get("/")
@ORGANISER
def index() -> str:
    """Every entry of the edition, submitted ones first, by status, theme and kind."""
    edition = current_edition_or_404()
    edition_themes = themes(edition, published_only=False)
    where = from_args(request.args, edition_themes)
    return render_template(
        "commitments/admin/index.html",
        entries=all_entries(edition.id, where),
        where=where,
        args={key: request.args[key] for key in FILTER_KEYS if request.args.get(key)},
        themes=edition_themes,
        **list_tools(edition.id),
        **labels(),
    )


@bp.get("/commitments.csv")
@ORGANISER
def export_csv() -> FlaskResponse:
    """The entries the list shows (same filters), as CSV."""
    edition = current_edition_or_404()
    where = from_args(request.args, themes(edition, published_only=False))
    filename = export_filename("commitments", edition.year, "csv", utcnow())
    return download(entries_csv(edition.id, where), filename, "text/csv")


@bp.get("/commitments.xlsx")
@ORGANISER
def export_xlsx() -> FlaskResponse:
    """The entries the list shows (same filters), as an XLSX workbook."""
    edition = current_edition_or_404()
    where = from_args(request.args, themes(edition, published_only=False))
    filename = export_filename("commitments", edition.year, "xlsx", utcnow())
    return download(entries_xlsx(edition.id, where), filename, XLSX_TYPE)


@bp.route("/new", methods=["GET", "POST"])
@ORGANISER
def new_entry() -> Response | str:
    """Record an entry for a city (from paper, say); it starts as a draft to publish."""
    edition = current_edition_or_404()
    form = organiser_entry_form(edition, posted=request.method == "POST")
    if form.validate_on_submit():
        create = partial(create_draft, edition, int(form.city_id.data), form.to_input())
        made = attempt(lambda: create(editor=organiser_editor(), now=utcnow()), form=form)
        if made.value is not None:
            flash(_("The draft is saved."), "success")
            return redirect(url_for(".detail", commitment_id=made.value.id))
    return render_template(
        "commitments/form.html", form=form, conflict=None, city=None, back=url_for(".index"),
        gcm=gcm_titles(), **labels(),
    )  # fmt: skip


@bp.get("/<int:commitment_id>")
@ORGANISER
def detail(commitment_id: int) -> str:
    """One entry: what it says, its updates, its trail, and the moderation buttons."""
    commitment = _entry(commitment_id)
    events = trail(commitment)
    return render_template(
        "commitments/admin/detail.html",
        commitment=commitment,
        events=events,
        outdated=outdated_translations(commitment, events),
        button_form=ButtonForm(),
        return_form=ReturnForm(formdata=None),
        gcm=gcm_titles(),
        **labels(),
    )


@bp.post("/<int:commitment_id>/publish")
@ORGANISER
def publish_entry(commitment_id: int) -> Response:
    """Publish a submitted entry."""
    _entry(commitment_id)
    if (
        ButtonForm().validate_on_submit()
        and attempt(lambda: publish(commitment_id, editor=organiser_editor(), now=utcnow())).ok
    ):
        flash(_("The entry is published."), "success")
    return redirect(url_for(".detail", commitment_id=commitment_id))


@bp.post("/<int:commitment_id>/return")
@ORGANISER
def return_entry(commitment_id: int) -> Response:
    """Send an entry back to its city with a comment."""
    _entry(commitment_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for(".detail", commitment_id=commitment_id))
    send_back = partial(return_to_city, commitment_id, editor=organiser_editor())
    if attempt(lambda: send_back(comment=form.comment.data, now=utcnow())).ok:
        flash(_("The entry is returned to its city with your comment."), "success")
    return redirect(url_for(".detail", commitment_id=commitment_id))


@bp.post("/<int:commitment_id>/withdraw")
@ORGANISER
def withdraw_entry(commitment_id: int) -> Response:
    """Withdraw an entry (it stays on record)."""
    _entry(commitment_id)
    if (
        ButtonForm().validate_on_submit()
        and attempt(lambda: withdraw(commitment_id, editor=organiser_editor(), now=utcnow())).ok
    ):
        flash(_("The entry is withdrawn."), "success")
    return redirect(url_for(".detail", commitment_id=commitment_id))


@bp.route("/<int:commitment_id>/edit", methods=["GET", "POST"])
@ORGANISER
def edit_entry(commitment_id: int) -> Response | str:
    """Correct an entry; an edit on an older version is refused and kept as typed."""
    commitment = _entry(commitment_id)
    posted = request.method == "POST"
    form = entry_form(commitment.edition, commitment.city_id, commitment, posted=posted,
                      form_class=TranslatedEntryForm)  # fmt: skip
    conflict = None
    if form.validate_on_submit():
        save = partial(edit, commitment_id, form.to_input(), seen_version=form.seen_version())
        saved = attempt(lambda: save(editor=organiser_editor(), now=utcnow()), form=form)
        if saved.ok:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".detail", commitment_id=commitment_id))
        conflict = conflict_with(form, saved.error, commitment)
    back = url_for(".detail", commitment_id=commitment_id)
    outdated = outdated_translations(commitment, trail(commitment))
    return render_template(
        "commitments/form.html", form=form, conflict=conflict, city=commitment.city, back=back,
        gcm=gcm_titles(), outdated=outdated, **labels(),
    )  # fmt: skip
