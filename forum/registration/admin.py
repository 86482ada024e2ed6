"""Organisers' registration pages under /admin/registrations."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from forum.auth.decorators import role_required
from forum.auth.models import Role
from forum.cities.models import City
from forum.cities.services import country_name
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import ButtonForm, choices
from forum.registration.access import replace_private_link, sign_person_out
from forum.registration.admin_forms import (
    BulkDecisionForm,
    ChangeReviewForm,
    DecisionForm,
    FilterForm,
    OfferHoursForm,
    message_values,
)
from forum.registration.changes import waiting_changes
from forum.registration.decisions import decide, review
from forum.registration.history import registration_history
from forum.registration.labels import CATEGORY_LABELS, CHANGE_LABELS, STATUS_LABELS
from forum.registration.links import private_link_token
from forum.registration.models import Category, Registration, RegistrationStatus
from forum.registration.moderation import (
    BulkOutcome,
    RegistrationFilter,
    decide_many,
    export_csv,
    search_registrations,
    status_counts,
)
from forum.registration.sorting import shown_range, sort_from
from forum.registration.waitlist import queue, set_offer_hours
from forum.translation_forms import offer_languages
from forum.web import attempt, download, export_filename, flash_form_errors

bp = Blueprint("registration_admin", __name__, url_prefix="/admin/registrations")


def _filters_from(form: FilterForm) -> RegistrationFilter:
    sort = sort_from(request.args)
    if not form.validate():
        return RegistrationFilter(sort=sort.key, descending=sort.descending)
    return RegistrationFilter(
        status=RegistrationStatus(form.status.data) if form.status.data else None,
        category=Category(form.category.data) if form.category.data else None,
        country_code=form.country.data or None,
        text=form.q.data or "",
        sort=sort.key,
        descending=sort.descending,
    )


def _filter_form(edition_id: int) -> FilterForm:
    form = FilterForm(request.args)
    codes = db.session.scalars(
        sa.select(City.country_code)
        .join(Registration, Registration.city_id == City.id)
        .where(Registration.edition_id == edition_id)
        .distinct()
    ).all()
    names = sorted((country_name(code), code) for code in codes)
    form.country.choices = choices(
        [("", _("Any country")), *((code, name) for name, code in names)]
    )
    return form


@bp.route("/")
@role_required(Role.ORGANISER)
def index() -> str:
    """Registrations of the current edition, filtered and paginated, with bulk actions."""
    edition = current_edition_or_404()
    form = _filter_form(edition.id)
    query = search_registrations(edition, _filters_from(form))
    page = db.paginate(query, per_page=current_app.config["ADMIN_PAGE_SIZE"], error_out=False)
    bulk_form = BulkDecisionForm(formdata=None)
    offer_languages(bulk_form, edition)
    return render_template(
        "registration/admin/index.html",
        edition=edition,
        form=form,
        page=page,
        sort=sort_from(request.args),
        shown=shown_range(page),
        counts=status_counts(edition),
        bulk_form=bulk_form,
        status_labels=STATUS_LABELS,
        category_labels=CATEGORY_LABELS,
    )


@bp.route("/export.csv")
@role_required(Role.ORGANISER)
def export() -> Response:
    """The filtered registrations as CSV (UTF-8 with BOM)."""
    edition = current_edition_or_404()
    query = search_registrations(edition, _filters_from(_filter_form(edition.id)))
    rows = db.session.scalars(query).unique().all()
    filename = export_filename("registrations", edition.year, "csv", utcnow())
    return download("".join(export_csv(rows)), filename, "text/csv")


@bp.route("/bulk", methods=["POST"])
@role_required(Role.ORGANISER)
def bulk() -> BaseResponse:
    """One decision for every ticked registration."""
    edition = current_edition_or_404()
    form = BulkDecisionForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(request.referrer or url_for(".index"))
    decision, said = RegistrationStatus(form.decision.data), message_values(form)
    outcome = attempt(
        lambda: decide_many(
            edition, form.ids.data, decision, actor=current_user, now=utcnow(), **said
        )
    )
    if outcome.value is not None:
        _flash_bulk_outcome(outcome.value)
    return redirect(request.referrer or url_for(".index"))


def _in_sentence(label: object) -> str:
    """A status label ("Approved") as a word inside a sentence ("… is now approved."): the
    site's languages capitalise a label, never such a word."""
    return str(label).lower()


def _flash_bulk_outcome(outcome: BulkOutcome) -> None:
    for status, number in outcome.reached.items():
        flash(
            ngettext(
                "%(num)d registration is now %(status)s.",
                "%(num)d registrations are now %(status)s.",
                number,
                status=_in_sentence(STATUS_LABELS[status]),
            ),
            "success",
        )
    for registration, reason in outcome.refused:
        flash(f"{registration.full_name}: {reason}", "error")


def _registration_or_404(registration_id: int) -> Registration:
    edition = current_edition_or_404()
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.edition_id != edition.id:
        abort(404)
    return registration


def _detail_page(registration: Registration, form: DecisionForm) -> str:
    review_form = ChangeReviewForm(formdata=None)
    for each in (form, review_form):
        offer_languages(each, registration.edition)
    return render_template(
        "registration/admin/detail.html",
        registration=registration,
        events=registration_history(registration),
        form=form,
        button_form=ButtonForm(formdata=None),
        review_form=review_form,
        waiting=waiting_changes(registration),
        change_labels=CHANGE_LABELS,
        private_link=url_for("registration.manage", token=private_link_token(registration)),
        status_labels=STATUS_LABELS,
        category_labels=CATEGORY_LABELS,
    )


@bp.route("/<int:registration_id>")
@role_required(Role.ORGANISER)
def detail(registration_id: int) -> str:
    """One registration, its audit trail and the decision form."""
    return _detail_page(_registration_or_404(registration_id), DecisionForm(formdata=None))


@bp.route("/<int:registration_id>/decide", methods=["POST"])
@role_required(Role.ORGANISER)
def decide_one(registration_id: int) -> BaseResponse | tuple[str, int]:
    """Approve, wait-list or reject one registration."""
    registration = _registration_or_404(registration_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _detail_page(registration, form), 400
    decision, said = RegistrationStatus(form.decision.data), message_values(form)
    outcome = attempt(
        lambda: decide(registration, decision, actor=current_user, now=utcnow(), **said)
    )
    if outcome.value is not None:
        name, status = registration.full_name, _in_sentence(STATUS_LABELS[outcome.value])
        flash(_("%(name)s is now %(status)s.", name=name, status=status), "success")
    return redirect(url_for(".detail", registration_id=registration_id))


@bp.route("/<int:registration_id>/new-link", methods=["POST"])
@role_required(Role.ORGANISER)
def new_link(registration_id: int) -> BaseResponse:
    """End the delegate's private link; a new one goes to their registered address."""
    registration = _registration_or_404(registration_id)
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: replace_private_link(registration, actor=current_user)).ok:
        message = _("A new private link is on its way to the delegate; the old one is ended.")
        flash(message, "success")
    return redirect(url_for(".detail", registration_id=registration_id))


@bp.route("/<int:registration_id>/sign-out-everywhere", methods=["POST"])
@role_required(Role.ORGANISER)
def sign_out_everywhere(registration_id: int) -> BaseResponse:
    """End every session of this person on every device (a lost laptop, a shared cookie)."""
    registration = _registration_or_404(registration_id)
    form = ButtonForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
    elif attempt(lambda: sign_person_out(registration, actor=current_user)).ok:
        flash(_("%(name)s is signed out everywhere.", name=registration.full_name), "success")
    return redirect(url_for(".detail", registration_id=registration_id))


@bp.route("/<int:registration_id>/changes/<any(accept, decline):answer>", methods=["POST"])
@role_required(Role.ORGANISER)
def review_changes(registration_id: int, answer: str) -> BaseResponse:
    """Accept or decline what an approved delegate asked to change about whom they represent."""
    registration = _registration_or_404(registration_id)
    form = ChangeReviewForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for(".detail", registration_id=registration_id))
    accept = answer == "accept"
    outcome = attempt(
        lambda: review(
            registration, accept=accept, actor=current_user, now=utcnow(), **message_values(form)
        )
    )
    if outcome.ok:
        flash(_("The change is accepted.") if accept else _("The change is declined."), "success")
    return redirect(url_for(".detail", registration_id=registration_id))


@bp.route("/waitlist", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def waitlist() -> BaseResponse | str:
    """The wait list in offer order, open offers and their deadlines, and how long offers last."""
    edition = current_edition_or_404()
    form = OfferHoursForm(data={"hours": edition.waitlist_offer_hours})
    if form.validate_on_submit():
        hours = form.hours.data
        if attempt(lambda: set_offer_hours(edition, hours, actor=current_user), form=form).ok:
            flash(_("Offers now last %(hours)d hours.", hours=hours), "success")
            return redirect(url_for(".waitlist"))
    return render_template(
        "registration/admin/waitlist.html", edition=edition, form=form, queue=queue(edition)
    )
