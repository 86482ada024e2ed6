"""Public declaration pages: the text, the running list, online endorsement, the wall."""

from __future__ import annotations

from functools import partial

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.endorsements import pdf
from forum.endorsements.forms import EndorseForm
from forum.endorsements.models import Declaration, Endorsement
from forum.endorsements.services import (
    declaration_of,
    eligibility_problem,
    endorse_online_for,
    standing_endorsement,
)
from forum.endorsements.wall import (
    DENSE_FROM,
    DENSER_FROM,
    by_region,
    density_class,
    standing_endorsements,
    wall_json,
)
from forum.extensions import db
from forum.registration.labels import CATEGORY_LABELS
from forum.registration.models import Registration
from forum.web import attempt, download, flash_form_errors, hot_write

bp = Blueprint("endorsements", __name__)


def _declaration() -> Declaration:
    return declaration_of(current_edition_or_404()) or abort(404)


def _my_registration(edition: Edition) -> Registration | None:
    if not current_user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.edition_id == edition.id, Registration.user_id == current_user.id
        )
    )


@bp.get("/declaration/")
def show() -> str:
    """The declaration in the reader's language, the cities to date, and the way to endorse."""
    declaration = _declaration()
    registration = _my_registration(declaration.edition)
    form = EndorseForm(formdata=None)
    if registration is not None:
        form.name.data, form.title.data = registration.full_name, registration.position_title
    return render_template(
        "endorsements/declaration.html",
        declaration=declaration,
        text=declaration.text_in(request.args.get("text") or str(get_locale())),
        endorsements=standing_endorsements(declaration),
        is_open=declaration.is_open(utcnow()),
        registration=registration,
        form=form,
        **_standing_of(declaration, registration),
    )


def _standing_of(declaration: Declaration, registration: Registration | None) -> dict[str, object]:
    """Whether the signed-in delegate may sign, and their city's endorsement if it has one."""
    if registration is None:
        return {"problem": None, "city_endorsement": None}
    return {
        "problem": eligibility_problem(declaration, registration),
        "city_endorsement": standing_endorsement(declaration, registration.city_id),
    }


@bp.post("/declaration/endorse")
@hot_write
@login_required
def endorse_online() -> Response:
    """An eligible delegate endorses for their city."""
    declaration = _declaration()
    registration = _my_registration(declaration.edition)
    form = EndorseForm()
    if registration is None:
        flash(_("You are not registered for this edition."), "error")
    elif not form.validate_on_submit():
        flash_form_errors(form)
    else:
        name, title = form.name.data, form.title.data
        sign = partial(endorse_online_for, declaration, registration, name=name, title=title)
        if (endorsement := attempt(lambda: sign(now=utcnow())).value) is not None:
            _thank(endorsement)
    return redirect(url_for(".show", _anchor="endorse"))


def _thank(endorsement: Endorsement) -> None:
    city = endorsement.city.name
    message = _(
        "Thank you: %(city)s has endorsed the declaration. A confirmation is on its way.",
        city=city,
    )
    flash(message, "success")


@bp.get("/declaration/wall")
def wall() -> str:
    """The big screen, self-updating: the count, the newest city, all (?group=region groups)."""
    declaration = _declaration()
    entries = wall_json(declaration, str(get_locale())).endorsements
    return render_template(
        "endorsements/wall.html",
        declaration=declaration,
        text=declaration.text_in(str(get_locale())),
        entries=entries,
        grouped=request.args.get("group") == "region",
        groups=by_region(entries),
        density=density_class(len(entries)),
        dense_from=DENSE_FROM,
        denser_from=DENSER_FROM,
    )


@bp.get("/declaration/<lang>.pdf")
def declaration_pdf(lang: str) -> Response:
    """The declaration's text in one language as an A4 PDF; 404 for a language it lacks."""
    declaration = _declaration()
    text = next((t for t in declaration.texts if t.language == lang), None) or abort(404)
    edition = declaration.edition
    # The footer speaks the text's language when the site does, else the reader's.
    languages = current_app.config["LANGUAGES"]
    with force_locale(lang if lang in languages else str(get_locale())):
        footer = _(
            "Mayoral Forum · %(edition)s · %(dates)s",
            edition=edition.label,
            dates=_edition_dates(edition),
        )
    document = pdf.DeclarationPrint(lang, text.title, text.body, footer)
    filename = f"{declaration.slug}-{lang}.pdf"
    response = download(pdf.declaration_pdf(document), filename, "application/pdf")
    return response


def _edition_dates(edition: Edition) -> str:
    """The edition's day, or its first and last days, in the current language."""
    first = format_date(edition.starts_on, "long")
    if edition.ends_on == edition.starts_on:
        return first
    return f"{first} – {format_date(edition.ends_on, 'long')}"


@bp.get("/endorse-desk")
@role_required(Role.STAFF)
def desk() -> str:
    """The endorsement desk for staff; it talks to /api/v1/endorsements only."""
    edition = current_edition_or_404()
    declaration = declaration_of(edition)
    return render_template(
        "endorsements/desk.html",
        edition=edition,
        declaration=declaration,
        text=declaration.text_in(str(get_locale())) if declaration else None,
        is_open=declaration.is_open(utcnow()) if declaration else False,
        categories={category.value: str(label) for category, label in CATEGORY_LABELS.items()},
    )
