"""At the endorsement desk on the day: once a city has endorsed, staff record a commitment for
it in the same visit (the Call to Local Action's two steps). It goes to the organisers as a
submitted entry; they publish it later."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField, TextAreaField

from forum.agenda.queries import themes
from forum.audit.services import record
from forum.auth.decorators import role_required
from forum.auth.models import Role, User
from forum.cities.models import City
from forum.commitments.access import NotYours
from forum.commitments.admin import bp
from forum.commitments.checks import (
    DESCRIPTION,
    LANGUAGES,
    TITLE,
    CommitmentInput,
    commitment_values,
)
from forum.commitments.labels import KIND_LABELS, LANGUAGE_LABELS, labels
from forum.commitments.models import Commitment, GcmLink, Kind, Status
from forum.commitments.pages import _contacts
from forum.commitments.services import apply_checked
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404
from forum.extensions import db
from forum.forms import Form, checked_by, choices, strip
from forum.web import attempt

__all__ = ["bp"]


class DeskEntryForm(Form):
    """What the desk asks of a city's commitment; the rest is completed later."""

    kind = SelectField(
        _l("This entry says"), choices=choices((k.value, KIND_LABELS[k]) for k in Kind)
    )
    theme_id = SelectField(_l("Theme"), choices=[])
    title = StringField(_l("Title"), filters=[strip], validators=checked_by(TITLE))
    description = TextAreaField(
        _l("Description"), filters=[strip], validators=checked_by(DESCRIPTION)
    )
    language = SelectField(
        _l("Language of this entry"),
        choices=choices((code, LANGUAGE_LABELS[code]) for code in LANGUAGES),
    )
    contact_id = SelectField(_l("Contact person"), choices=[])

    def to_input(self) -> CommitmentInput:
        """What was typed, for the one validation of entries."""
        return CommitmentInput(
            theme_id=_number(self.theme_id.data),
            kind=self.kind.data,
            title=self.title.data or "",
            description=self.description.data or "",
            language=self.language.data,
            contact_id=_number(self.contact_id.data),
        )


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def record_at_desk(
    edition: Edition, city_id: int, data: CommitmentInput, *, staff: User, now: datetime
) -> Commitment:
    """A city's commitment taken down at the desk, submitted for the organisers to publish."""
    if not staff.role.includes(Role.STAFF):
        raise NotYours(_("Only desk staff and organisers can do this."))
    values = commitment_values(data, edition.id, city_id)
    commitment = Commitment(
        edition_id=edition.id,
        city_id=city_id,
        status=Status.SUBMITTED,
        created_at=now,
        updated_at=now,
        version=1,
    )
    apply_checked(commitment, values, link=GcmLink)
    db.session.add(commitment)
    db.session.flush()
    record("commitment.created", commitment, actor=staff, kind=commitment.kind.value, via="desk")
    return commitment


def _form(edition: Edition, city: City) -> DeskEntryForm:
    form = DeskEntryForm()
    form.theme_id.choices = choices((str(t.id), t.title) for t in themes(edition))
    form.contact_id.choices = choices([("", "—"), *_contacts(edition.id, city.id)])
    return form


@bp.route("/desk/<int:city_id>", methods=["GET", "POST"])
@role_required(Role.STAFF)
def desk_entry(city_id: int) -> Response | str:
    """The desk's form: record a commitment for a city that has just endorsed."""
    edition = current_edition_or_404()
    city = db.session.get(City, city_id) or abort(404)
    form = _form(edition, city)
    if form.validate_on_submit():
        save = partial(record_at_desk, edition, city.id, form.to_input())
        if attempt(lambda: save(staff=current_user, now=utcnow()), form=form).ok:
            flash(_("Recorded for %(city)s: organisers publish it.", city=city.name), "success")
            return redirect(url_for("endorsements.desk"))
    return render_template("commitments/followup/desk.html", form=form, city=city, **labels())
