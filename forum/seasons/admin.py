"""Organisers' editions pages under /admin/editions: settings, cloning, the current one."""

from __future__ import annotations

import sqlalchemy as sa
from babel.lists import format_list
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forum.audit.history import history
from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import edition_by_number
from forum.extensions import db
from forum.forms import ButtonForm
from forum.seasons.cloning import clone_edition, clone_settings
from forum.seasons.forms import CloneForm, EditionForm
from forum.seasons.services import (
    Moves,
    all_editions,
    preview_update,
    switch_current,
    update_edition,
)
from forum.web import attempt, flash_form_errors

bp = Blueprint("seasons_admin", __name__, url_prefix="/admin/editions")
ORGANISER = role_required(Role.ORGANISER)


def _edition_or_404(number: int) -> Edition:
    return edition_by_number(number) or abort(404)


@bp.get("/")
@ORGANISER
def index() -> str:
    """Every edition, which one is current, and the way to each one's settings."""
    return render_template("seasons/index.html", editions=all_editions(), form=ButtonForm())


@bp.route("/<int:number>", methods=["GET", "POST"])
@ORGANISER
def edit(number: int) -> Response | str:
    """An edition's settings; a change that moves sessions is shown first, to confirm."""
    edition = _edition_or_404(number)
    form = EditionForm()
    form.offer(edition)
    if not form.is_submitted():
        form.fill_from(edition)
    elif form.validate():
        return _save_or_preview(edition, form)
    return _edit_page(edition, form)


def _save_or_preview(edition: Edition, form: EditionForm) -> Response | str:
    """Save checked settings, unless they move sessions and the organiser has not yet seen
    and confirmed what moves."""
    preview = attempt(lambda: preview_update(edition, form.to_settings()), form=form)
    if not preview.ok:
        return _edit_page(edition, form)
    if _moves_any(preview.value) and form.confirm.data != _move_key(form):
        return _edit_page(edition, form, moves=preview.value)
    saved = attempt(
        lambda: update_edition(edition.id, form.to_settings(), actor=current_user, now=utcnow()),
        form=form,
    )
    if not saved.ok:
        return _edit_page(edition, form)
    flash(_("The edition's settings are saved."), "success")
    return redirect(url_for(".edit", number=form.number.data))


def _move_key(form: EditionForm) -> str:
    """What the organiser confirmed moving to: a confirmation of other dates or another zone
    than those now typed shows the preview again."""
    return f"{form.timezone.data} {form.starts_on.data}"


def _moves_any(moves: Moves | None) -> bool:
    return bool(moves and moves.count)


def _edit_page(edition: Edition, form: EditionForm, moves: Moves | None = None) -> str:
    """The settings form, with what would move when a change moves sessions."""
    if moves is not None:
        form.confirm.data = _move_key(form)
    return render_template(
        "seasons/edit.html", edition=edition, form=form, moves=moves, events=history(edition)
    )


@bp.post("/<int:number>/current")
@ORGANISER
def make_current(number: int) -> Response:
    """Make this edition the one the public pages show."""
    edition = _edition_or_404(number)
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: switch_current(edition.id, actor=current_user)).ok:
        flash(_("%(edition)s is now the current edition.", edition=edition.label), "success")
    return redirect(url_for(".index"))


@bp.route("/<int:number>/clone", methods=["GET", "POST"])
@ORGANISER
def clone(number: int) -> Response | str:
    """Prepare the next edition from this one."""
    source = _edition_or_404(number)
    form = CloneForm()
    if not form.is_submitted():
        form.process(data=_clone_defaults(source))
    elif form.validate():
        settings = clone_settings(source, **form.typed())
        made = attempt(
            lambda: clone_edition(source.id, settings, actor=current_user, now=utcnow()), form=form
        )
        if made.ok and made.value is not None:
            flash(_copied_words(made.value.copied), "success")
            return redirect(url_for(".edit", number=made.value.edition.number))
    return render_template("seasons/clone.html", source=source, form=form)


def _clone_defaults(source: Edition) -> dict[str, object]:
    """The clone form's first values: the next number, the same place and zone."""
    last = db.session.scalar(sa.select(sa.func.max(Edition.number))) or source.number
    return {
        "number": last + 1,
        "title": source.title,
        "city": source.city,
        "country_code": source.country_code,
        "timezone": source.timezone,
    }


def _copied_words(copied: dict[str, int]) -> str:
    """What a clone copied, in words, each count with its own plural, listed as the reader's
    language lists (commas, "and", Arabic's ،)."""
    parts = [
        ngettext("%(num)d theme", "%(num)d themes", copied["themes"]),
        ngettext("%(num)d room", "%(num)d rooms", copied["rooms"]),
        ngettext("%(num)d session (unpublished)", "%(num)d sessions (unpublished)",
                 copied["sessions"]),
        ngettext("%(num)d declaration draft", "%(num)d declaration drafts", copied["declarations"]),
        ngettext("%(num)d declaration text", "%(num)d declaration texts",
                 copied["declaration_texts"]),
    ]  # fmt: skip
    listed = format_list(parts, locale=get_locale() or "en")
    return _("Edition created. Copied: %(what)s.", what=listed)
