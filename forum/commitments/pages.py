"""What the delegate and organiser pages share: the entry form with its choices."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import get_locale

from forum.agenda.queries import themes
from forum.cities.models import City
from forum.commitments.forms import (
    CommitmentForm,
    OfferForm,
    OrganiserEntryForm,
    TranslatedEntryForm,
)
from forum.commitments.models import Commitment, Offer
from forum.commitments.objectives import GCM, GCR, titles_here
from forum.commitments.services import StaleVersion
from forum.editions.models import Edition
from forum.errors import DomainError
from forum.extensions import db
from forum.forms import choices
from forum.i18n import text_here
from forum.registration.models import Registration, RegistrationStatus


def _contacts(edition_id: int, city_id: int) -> list[tuple[str, str]]:
    query = (
        sa.select(Registration)
        .where(
            Registration.edition_id == edition_id,
            Registration.city_id == city_id,
            Registration.status == RegistrationStatus.APPROVED,
        )
        .order_by(Registration.family_name, Registration.given_name)
    )
    return [(str(r.id), r.full_name) for r in db.session.scalars(query)]


def entry_form(
    edition: Edition,
    city_id: int,
    commitment: Commitment | None = None,
    *,
    posted: bool = False,
    form_class: type[CommitmentForm] = CommitmentForm,
) -> CommitmentForm:
    """The entry form with this edition's themes and the city's delegates; filled from
    ``commitment`` unless the page was posted (what was typed is shown again)."""
    form = form_class() if posted else form_class(formdata=None)
    form.theme_id.choices = choices((str(t.id), text_here(t, "title")) for t in themes(edition))
    form.contact_id.choices = choices([("", "—"), *_contacts(edition.id, city_id)])
    for objectives, field in ((GCM, form.gcm_objectives), (GCR, form.gcr_objectives)):
        field.choices = choices((n, f"{n}. {t}") for n, t in titles_here(objectives).items())
    if commitment is not None and not posted:
        _fill(form, commitment)
    elif commitment is None and not form.is_submitted() and _here() in _codes(form):
        # A new entry is most likely written in the language of the page it is typed on.
        form.language.data = _here()
    if isinstance(form, TranslatedEntryForm):
        form.offer(edition.content_languages)
    return form


def _here() -> str:
    return str(get_locale())


def _codes(form: CommitmentForm) -> set[str]:
    return {choice.value for choice in form.language.choices}


def _fill(form: CommitmentForm, commitment: Commitment) -> None:
    form.process(obj=commitment)
    form.kind.data = commitment.kind.value
    form.theme_id.data = str(commitment.theme_id)
    form.contact_id.data = str(commitment.contact_id or "")
    form.support_areas.data = [area.value for area in commitment.support_areas]
    level = commitment.partnership_level
    form.partnership_level.data = level.value if level else ""
    form.gcm_objectives.data = commitment.gcm_objectives
    form.version.data = str(commitment.version)


def conflict_with(
    form: CommitmentForm, error: DomainError | None, commitment: Commitment
) -> Commitment | None:
    """After a refused edit: the entry as saved by someone else when that was the reason.

    The form keeps what was typed and now carries the saved version, so sending it again,
    once the editor has read the other changes, is a deliberate overwrite."""
    if not isinstance(error, StaleVersion):
        return None
    current = db.session.get(Commitment, commitment.id)
    if current is None:
        return None
    form.version.data = str(current.version)
    return current


def organiser_entry_form(edition: Edition, *, posted: bool) -> OrganiserEntryForm:
    """The entry form for organisers, choosing among the cities with approved delegates (the
    contact is set afterwards, on the entry's own edit page, among that city's delegates)."""
    form = entry_form(edition, 0, posted=posted, form_class=OrganiserEntryForm)
    assert isinstance(form, OrganiserEntryForm)
    delegated = sa.select(Registration.city_id).where(
        Registration.edition_id == edition.id,
        Registration.status == RegistrationStatus.APPROVED,
    )
    cities = db.session.scalars(sa.select(City).where(City.id.in_(delegated)).order_by(City.name))
    form.city_id.choices = choices((str(c.id), f"{c.name} ({c.country_code})") for c in cities)
    return form


def offer_form(edition: Edition, offer: Offer | None = None, *, posted: bool) -> OfferForm:
    """The offer form with the edition's themes (or none) and the GCM objectives."""
    form = OfferForm() if posted else OfferForm(formdata=None)
    form.theme_id.choices = choices([("", "—"), *((str(t.id), t.title) for t in themes(edition))])
    titles = titles_here(GCM).items()
    form.gcm_objectives.choices = choices((n, f"{n}. {t}") for n, t in titles)
    if offer is not None and not posted:
        form.process(obj=offer)
        form.offerer_kind.data = offer.offerer_kind.value
        form.theme_id.data = str(offer.theme_id or "")
        form.support_areas.data = [area.value for area in offer.support_areas]
        level = offer.partnership_level
        form.partnership_level.data = level.value if level else ""
        form.gcm_objectives.data = offer.gcm_objectives
        form.version.data = str(offer.version)
    return form
