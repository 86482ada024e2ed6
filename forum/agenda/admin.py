"""Organisers' agenda pages under /admin/agenda: themes, rooms, sessions, CSV import."""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.agenda.csv_import import COLUMNS, UnreadableFile, apply_import, preview_import
from forum.agenda.editing import (
    InvalidSession,
    create_session,
    move_theme,
    save_room,
    save_theme,
    set_session_status,
    update_session,
)
from forum.agenda.forms import ButtonForm, ImportForm, RoomForm, SessionForm, ThemeForm
from forum.agenda.models import Room, Session, SessionStatus, Theme
from forum.agenda.queries import (
    ProgrammeFilter,
    by_local_day,
    programme,
    rooms,
    signup_counts,
    themes,
)
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.editions.services import current_edition_or_404
from forum.errors import DomainError
from forum.extensions import db

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
    if form.validate_on_submit():
        try:
            save_theme(
                edition,
                theme,
                actor=current_user,
                title=form.title.data,
                slug=form.slug.data,
                description=form.description.data or "",
                gcm_objectives=sorted(form.gcm_objectives.data),
                is_published=bool(form.is_published.data),
            )
        except DomainError as error:
            db.session.rollback()
            form.slug.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Theme saved."), "success")
            return redirect(url_for(".index"))
    return render_template("agenda/admin/theme_form.html", form=form, theme=theme)


@bp.route("/themes/<int:theme_id>/move/<direction>", methods=["POST"])
@ORGANISER
def theme_move(theme_id: int, direction: str) -> Response:
    """Move a theme up or down the list."""
    theme = _own(Theme, theme_id)
    if direction not in {"up", "down"}:
        abort(404)
    if ButtonForm().validate_on_submit():
        move_theme(theme, -1 if direction == "up" else 1)
        db.session.commit()
    return redirect(url_for(".index", _anchor="themes"))


@bp.route("/rooms/new", methods=["GET", "POST"])
@bp.route("/rooms/<int:room_id>", methods=["GET", "POST"])
@ORGANISER
def room_form(room_id: int | None = None) -> Response | str:
    """Create or rename a room."""
    edition = current_edition_or_404()
    room = _own(Room, room_id) if room_id else None
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            save_room(edition, room, name=form.name.data, seats=form.seats.data)
        except DomainError as error:
            db.session.rollback()
            form.name.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Room saved."), "success")
            return redirect(url_for(".index", _anchor="rooms"))
    return render_template("agenda/admin/room_form.html", form=form, room=room)


@bp.route("/sessions/new", methods=["GET", "POST"])
@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@ORGANISER
def session_form(session_id: int | None = None) -> Response | str:
    """Create or edit a forum session, every rule checked with a message on its field."""
    edition = current_edition_or_404()
    session = _own(Session, session_id) if session_id else None
    form = SessionForm(obj=session)
    form.set_choices(themes(edition, published_only=False), rooms(edition))
    if session is not None and not form.is_submitted():
        _show_local_times(form, session)
    elif session is None and not form.is_submitted():
        form.day.data = edition.starts_on
        form.theme_id.data = request.args.get("theme", type=int)
    if form.validate_on_submit():
        try:
            if session is None:
                create_session(edition, form.to_draft(), actor=current_user)
            else:
                update_session(session, form.to_draft(), actor=current_user)
        except InvalidSession as error:
            db.session.rollback()
            for name, message in error.problems.items():
                form[name].errors.append(message)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Session saved."), "success")
            return redirect(url_for(".index"))
    return render_template(
        "agenda/admin/session_form.html", form=form, session=session, edition=edition
    )


def _show_local_times(form: SessionForm, session: Session) -> None:
    zone = session.edition.zone
    form.day.data = session.starts_at.astimezone(zone).date()
    form.start.data = session.starts_at.astimezone(zone).time()
    form.end.data = session.ends_at.astimezone(zone).time()


@bp.route("/sessions/<int:session_id>/<any(cancel, reinstate):action>", methods=["POST"])
@ORGANISER
def session_status(session_id: int, action: str) -> Response:
    """Cancel a session (kept, struck through, published as cancelled) or bring it back."""
    session = _own(Session, session_id)
    status = SessionStatus.CANCELLED if action == "cancel" else SessionStatus.SCHEDULED
    if ButtonForm().validate_on_submit():
        try:
            set_session_status(session, status, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _("Session cancelled.") if action == "cancel" else _("Session reinstated."),
                "success",
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
        text = form.csv_text.data or ""
        try:
            text = text or _uploaded_text(form)
            rows = preview_import(edition, text)
            if form.confirm.data:
                created = apply_import(edition, rows, actor=current_user)
                db.session.commit()
                flash(
                    ngettext(
                        "%(num)d session imported.", "%(num)d sessions imported.", len(created)
                    ),
                    "success",
                )
                return redirect(url_for(".index"))
        except UnreadableFile as error:
            db.session.rollback()
            flash(str(error), "error")
        form.csv_text.data = text
    return render_template("agenda/admin/import.html", form=form, rows=rows, columns=COLUMNS)


def _uploaded_text(form: ImportForm) -> str:
    upload = form.file.data
    if upload is None:
        raise UnreadableFile(_("Choose a CSV file to import."))
    try:
        return str(upload.read(1_000_001).decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise UnreadableFile(_("The file is not UTF-8 text; save it as “CSV UTF-8”.")) from error
