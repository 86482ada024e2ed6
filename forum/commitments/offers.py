"""Offers of support (by a city or an organisation), recorded and published by organisers:
one validation, locked state changes, version-checked edits, every change audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

from forum.audit.services import record
from forum.cities.models import City
from forum.commitments.access import Editor, require_organiser
from forum.commitments.checks import (
    DESCRIPTION,
    LANGUAGES,
    TITLE,
    edition_theme,
    member,
    objective_numbers,
    support_columns,
)
from forum.commitments.models import Offer, OffererKind, OfferGcmLink, OfferStatus
from forum.commitments.objectives import GCM
from forum.commitments.services import StaleVersion, apply_checked
from forum.db import lock_row
from forum.editions.models import Edition
from forum.errors import NotAllowed
from forum.extensions import db
from forum.validation import Checks, Text

OFFERER = Text(max_length=200)
CONTACT_NAME = Text(max_length=200, required=False)
CONTACT_EMAIL = Text(max_length=254, required=False)


@dataclass
class OfferInput:
    """An offer as typed or sent, before any check."""

    offerer_kind: str | None = None
    offerer_name: str = ""
    city_id: int | None = None
    theme_id: int | None = None
    title: str = ""
    description: str = ""
    language: str = "en"
    support_areas: list[str] = field(default_factory=list)
    partnership_level: str | None = None
    gcm_objectives: list[int] = field(default_factory=list)
    contact_name: str = ""
    contact_email: str = ""


def offer_values(data: OfferInput, edition_id: int) -> dict[str, object]:
    """The columns of a valid offer; InvalidInput naming every problem otherwise."""
    checks = Checks()
    values: dict[str, object] = {
        "offerer_kind": member(checks, "offerer_kind", OffererKind, data.offerer_kind),
        "offerer_name": checks.text("offerer_name", data.offerer_name, OFFERER),
        "title": checks.text("title", data.title, TITLE),
        "description": checks.text("description", data.description, DESCRIPTION),
        "contact_name": checks.text("contact_name", data.contact_name, CONTACT_NAME),
        "contact_email": _email(checks, data.contact_email),
        "gcm": objective_numbers(checks, "gcm_objectives", data.gcm_objectives, GCM),
        "language": data.language,
        "theme_id": None,
        "city_id": data.city_id,
    }
    if data.language not in LANGUAGES:
        checks.refuse("language", _("Choose one of the options."))
    if data.theme_id is not None:
        values["theme_id"] = edition_theme(checks, data.theme_id, edition_id)
    if data.city_id is not None and db.session.get(City, data.city_id) is None:
        checks.refuse("city_id", _("Choose one of the options."))
    values.update(support_columns(checks, data.support_areas, data.partnership_level))
    if not any(values[f"support_{area}"] for area in ("resources", "tools", "partnerships")):
        checks.refuse("support_areas", _("Say what is offered: resources, tools or partnerships."))
    checks.done()
    return values


def _email(checks: Checks, email: str) -> str:
    email = checks.text("contact_email", email, CONTACT_EMAIL)
    if email and "contact_email" not in checks.problems:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            checks.refuse("contact_email", _("Please enter a valid e-mail address."))
    return email


def _apply(offer: Offer, values: dict[str, object]) -> list[str]:
    return apply_checked(offer, values, link=OfferGcmLink)


def create_offer(edition: Edition, data: OfferInput, *, editor: Editor, now: datetime) -> Offer:
    """An organiser records an offer, as a draft."""
    require_organiser(editor)
    offer = Offer(edition_id=edition.id, created_at=now, updated_at=now, version=1)
    _apply(offer, offer_values(data, edition.id))
    db.session.add(offer)
    db.session.flush()
    record("offer.created", offer, actor=editor.user)
    return offer


def edit_offer(
    offer_id: int, data: OfferInput, *, editor: Editor, seen_version: int, now: datetime
) -> Offer:
    """Save an edit made on version ``seen_version``; a newer version refuses it."""
    require_organiser(editor)
    offer: Offer = lock_row(Offer, offer_id)
    if offer.status is OfferStatus.WITHDRAWN:
        raise NotAllowed("not_editable", _("This entry can no longer be changed here."))
    if offer.version != seen_version:
        raise StaleVersion()
    changed = _apply(offer, offer_values(data, offer.edition_id))
    if changed:
        offer.version, offer.updated_at = offer.version + 1, now
        record("offer.edited", offer, actor=editor.user, fields=changed)
    return offer


def move_offer(offer_id: int, to: OfferStatus, *, editor: Editor, now: datetime) -> Offer:
    """Publish or withdraw an offer; a repeat does nothing, a withdrawn one stays withdrawn."""
    require_organiser(editor)
    offer: Offer = lock_row(Offer, offer_id)
    if offer.status is to:
        return offer
    if offer.status is OfferStatus.WITHDRAWN or to is OfferStatus.DRAFT:
        raise NotAllowed("wrong_status", _("This entry is not in a state that allows this."))
    before, offer.status = offer.status, to
    offer.version, offer.updated_at = offer.version + 1, now
    if to is OfferStatus.PUBLISHED:
        offer.published_at = offer.published_at or now
    record(f"offer.{to.value}", offer, actor=editor.user, before=before.value)
    return offer


def published_offers(edition_id: int) -> list[Offer]:
    """The edition's published offers, newest first."""
    query = (
        sa.select(Offer)
        .where(Offer.edition_id == edition_id, Offer.status == OfferStatus.PUBLISHED)
        .options(sa.orm.selectinload(Offer.gcm_links), sa.orm.selectinload(Offer.theme))
        .order_by(Offer.published_at.desc(), Offer.id.desc())
    )
    return list(db.session.scalars(query))
