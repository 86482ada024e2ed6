"""Organisers' agenda pages under /admin/agenda: themes, rooms, sessions, CSV import."""

from __future__ import annotations

from functools import partial
from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.agenda.csv_import import COLUMNS, apply_import, file_note, preview_import
from forum.agenda.csv_words import template_csv
from forum.agenda.editing import save_session, set_session_status
from forum.agenda.forms import ImportForm, RoomForm, SessionForm, ThemeForm
from forum.agenda.models import Room, Session, SessionStatus, Theme
from forum.agenda.notices import signed_up_count
from forum.agenda.panel_page import filled_form, session_page
from forum.agenda.people import add_person, move_person, remove_person
from forum.agenda.people_forms import DelegatePersonForm, GuestPersonForm
from forum.agenda.queries import (
    ProgrammeFilter,
    by_local_day,
    programme,
    rooms,
    signup_counts,
    themes,
)
from forum.agenda.venue import move_theme, save_room, save_theme
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm
from forum.translation_forms import offer_languages
from forum.web import attempt, download, flash_form_errors

bp = Blueprint("agenda_admin", __name__, url_prefix="/admin/agenda")
ORGANISER = role_required(Role.ORGANISER)
OwnedRow = TypeVar("OwnedRow", Theme, Room, Session)


def _own(model: type[OwnedRow], row_id: int) -> OwnedRow:
    """A row of the current edition, or 404."""
    row = db.session.get(model, row_id)
    if row is None or row.edition_id != current_edition_or_404().id:
        abort(404)
    return row


@bp.route("/")
@ORGANISER
def index() -> str:
    """The whole programme, forum and summit, with the editing tools."""
    edition = current_edition_or_404()
    sessions = programme(edition, ProgrammeFilter(include_gfmd=True, published_only=False))
    return render_template(
        "agenda/admin/index.html",
        edition=edition,
        themes=themes(edition, published_only=False),
        rooms=rooms(edition),
        days=by_local_day(sessions, edition),
        taken=signup_counts([s.id for s in sessions]),
        form=ButtonForm(),
    )


@bp.route("/themes/new", methods=["GET", "POST"])
@bp.route("/themes/<int:theme_id>", methods=["GET", "POST"])
@ORGANISER
def theme_form(theme_id: int | None = None) -> Response | str:
    """Create or edit a theme."""
    edition = current_edition_or_404()
    theme = _own(Theme, theme_id) if theme_id else None
    form = ThemeForm(obj=theme)
    offer_languages(form, edition)
    if form.validate_on_submit():
        save = partial(save_theme, edition, theme, actor=current_user, **form.values())
        if attempt(save, form=form, field="slug").ok:
            flash(_("Theme saved."), "success")
            return redirect(url_for(".index"))
    return render_template("agenda/admin/theme_form.html", form=form, theme=theme, edition=edition)


@bp.route("/themes/<int:theme_id>/move/<direction>", methods=["POST"])
@ORGANISER
def theme_move(theme_id: int, direction: str) -> Response:
    """Move a theme up or down the list."""
    theme = _own(Theme, theme_id)
    if direction not in {"up", "down"}:
        abort(404)
    if ButtonForm().validate_on_submit():
        attempt(lambda: move_theme(theme, -1 if direction == "up" else 1))
    return redirect(url_for(".index", _anchor="themes"))


@bp.route("/rooms/new", methods=["GET", "POST"])
@bp.route("/rooms/<int:room_id>", methods=["GET", "POST"])
@ORGANISER
def room_form(room_id: int | None = None) -> Response | str:
    """Create or rename a room."""
    edition = current_edition_or_404()
    room = _own(Room, room_id) if room_id else None
    form = RoomForm(obj=room)
    offer_languages(form, edition)
    if form.validate_on_submit():
        values = {
            "name": form.name.data,
            "seats": form.seats.data,
            "name_i18n": form.name_i18n.data,
        }
        if attempt(lambda: save_room(edition, room, **values), form=form).ok:
            flash(_("Room saved."), "success")
            return redirect(url_for(".index", _anchor="rooms"))
    return render_template("agenda/admin/room_form.html", form=form, room=room, edition=edition)


@bp.route("/sessions/new", methods=["GET", "POST"])
@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@ORGANISER
def session_form(session_id: int | None = None) -> Response | str:
    """Create or edit a forum session, every rule checked with a message on its field."""
    edition = current_edition_or_404()
    session = _own(Session, session_id) if session_id else None
    form = SessionForm(obj=session)
    form.set_choices(themes(edition, published_only=False), rooms(edition))
    offer_languages(form, edition)
    if not form.is_submitted():
        form.show(session, edition, theme_id=request.args.get("theme", type=int))
    if form.validate_on_submit():
        draft = form.to_draft()
        if attempt(lambda: save_session(edition, session, draft, actor=current_user), form=form).ok:
            flash(_("Session saved."), "success")
            return redirect(url_for(".index"))
    return session_page(edition, session, form)


def _back_to_people(session_id: int) -> Response:
    return redirect(url_for(".session_form", session_id=session_id, _anchor="people"))


@bp.post("/sessions/<int:session_id>/people/delegate")
@ORGANISER
def add_delegate(session_id: int) -> Response:
    """Put a registered delegate on the session's panel."""
    session = _own(Session, session_id)
    form = DelegatePersonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: add_person(session, form.to_draft(), actor=current_user, now=utcnow())).ok:
        flash(_("Added to the session."), "success")
    return _back_to_people(session_id)


@bp.post("/sessions/<int:session_id>/people/guest")
@ORGANISER
def add_guest(session_id: int) -> Response | str:
    """Put a guest who is not registered on the session's panel."""
    session = _own(Session, session_id)
    form = GuestPersonForm(prefix="guest")
    form.set_choices()
    if form.validate_on_submit():
        save = partial(add_person, session, form.to_draft(), actor=current_user, now=utcnow())
        if attempt(save, form=form).ok:
            flash(_("Added to the session."), "success")
            return _back_to_people(session_id)
    return session_page(session.edition, session, filled_form(session), guest_form=form)


@bp.post("/sessions/<int:session_id>/people/<int:person_id>/<any(up, down, remove):action>")
@ORGANISER
def change_person(session_id: int, person_id: int, action: str) -> Response:
    """Move someone up or down the panel, or take them off it."""
    session = _own(Session, session_id)
    if ButtonForm().validate_on_submit():
        if action == "remove":
            attempt(lambda: remove_person(session, person_id, actor=current_user, now=utcnow()))
        else:
            step = -1 if action == "up" else 1
            attempt(lambda: move_person(session, person_id, step, actor=current_user, now=utcnow()))
    return _back_to_people(session_id)


@bp.get("/sessions/<int:session_id>/cancel")
@ORGANISER
def confirm_cancel(session_id: int) -> str:
    """Ask before cancelling: who will be told, and that the session stays, struck through."""
    session = _own(Session, session_id)
    return render_template(
        "agenda/admin/cancel.html",
        session=session,
        edition=session.edition,
        told=signed_up_count(session),
        form=ButtonForm(),
    )


@bp.route("/sessions/<int:session_id>/<any(cancel, reinstate):action>", methods=["POST"])
@ORGANISER
def session_status(session_id: int, action: str) -> Response:
    """Cancel a session (kept, struck through, published as cancelled) or bring it back."""
    session = _own(Session, session_id)
    status = SessionStatus.CANCELLED if action == "cancel" else SessionStatus.SCHEDULED
    if (
        ButtonForm().validate_on_submit()
        and attempt(lambda: set_session_status(session, status, actor=current_user)).ok
    ):
        flash(
            _("Session cancelled.") if action == "cancel" else _("Session reinstated."), "success"
        )
    return redirect(url_for(".index", _anchor=f"session-{session_id}"))


@bp.route("/import", methods=["GET", "POST"])
@ORGANISER
def import_sessions() -> Response | str:
    """Upload a CSV, see every row's problem, then confirm to write them all at once."""
    edition = current_edition_or_404()
    form = ImportForm()
    rows = None
    if form.validate_on_submit():
        rows = attempt(lambda: preview_import(edition, form.text())).value
        if rows is not None and form.confirm.data:
            created = attempt(lambda: apply_import(edition, rows, actor=current_user))
            if created.value is not None:
                count = len(created.value)
                flash(
                    ngettext("%(num)d session imported.", "%(num)d sessions imported.", count),
                    "success",
                )
                return redirect(url_for(".index"))
    note = file_note(form.csv_text.data, form.encoding) if rows is not None else ""
    return render_template(
        "agenda/admin/import.html", form=form, rows=rows, columns=COLUMNS, note=note
    )


@bp.get("/import/template.csv")
@ORGANISER
def import_template() -> Response:
    """A CSV to fill in for the import: the header row and one example, opening right in Excel."""
    edition = current_edition_or_404()
    first_theme = next(iter(themes(edition, published_only=False)), None)
    text = template_csv(edition.starts_on, first_theme.slug if first_theme else "")
    return download(text.encode("utf-8"), "sessions-template.csv", "text/csv")
