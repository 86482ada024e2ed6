"""The introduction e-mail of a match both sides accepted: each contact learns who the other
is and how to reach them, in their own language, once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from forum.auth.models import User
from forum.commitments.match_models import Match
from forum.commitments.models import Commitment
from forum.mail.services import queue_email
from forum.urls import external_url


@dataclass(frozen=True)
class Contact:
    """Who speaks for one side: a name, an address, a language, and what they wrote."""

    name: str
    email: str
    locale: str
    organisation: str
    title: str


def _locale(*choices: str | None) -> str:
    """The first of ``choices`` the forum speaks, else its default language."""
    spoken = current_app.config["LANGUAGES"]
    found = next((c for c in choices if c and c in spoken), None)
    return found or str(current_app.config["BABEL_DEFAULT_LOCALE"])


def _entry_contact(entry: Commitment, accepted_by: User | None) -> Contact | None:
    """The entry's contact person, or else whoever accepted for the city."""
    registration = entry.contact
    user = registration.user if registration is not None else accepted_by
    if user is None:
        return None
    name = registration.full_name if registration is not None else user.email
    locale = _locale(user.preferred_locale, entry.language)
    return Contact(name, user.email, locale, entry.city.name, entry.title)


def need_contact(match: Match) -> Contact | None:
    """Who is introduced for the city in need."""
    return _entry_contact(match.need, match.need_accepted_by)


def offer_contact(match: Match) -> Contact | None:
    """Who is introduced for the offer (its contact address) or the action (its city's
    contact)."""
    if match.action is not None:
        return _entry_contact(match.action, match.offer_accepted_by)
    offer = match.offer
    assert offer is not None
    if not offer.contact_email:
        return None
    name = offer.contact_name or offer.offerer_name
    locale = _locale(offer.language)
    return Contact(name, offer.contact_email, locale, offer.offerer_name, offer.title)


def introduce(match: Match, now: datetime) -> bool:
    """Queue one e-mail to each contact, unless already done; True when queued now."""
    if match.introduced_at is not None:
        return False
    match.introduced_at = now
    need, offer = need_contact(match), offer_contact(match)
    link = external_url("commitments.detail", commitment_id=match.need_id)
    for this, other in ((need, offer), (offer, need)):
        if this is None:
            continue
        queue_email(
            this.email, "match_introduction", locale=this.locale, link=link,
            name=this.name, title=this.title, other_name=other.name if other else "",
            other_email=other.email if other else "",
            other_organisation=other.organisation if other else "",
            other_title=other.title if other else "", need_title=match.need.title,
        )  # fmt: skip
    return True
