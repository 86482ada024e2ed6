"""Builders for commitment tests: a city's delegate, an entry in any status."""

from __future__ import annotations

from datetime import date
from itertools import count

from forum.commitments.access import Editor
from forum.commitments.checks import CommitmentInput, ProgressInput
from forum.commitments.models import Commitment, ProgressStatus
from forum.commitments.services import create_draft, publish, submit
from forum.commitments.updates import add_progress
from forum.editions.models import Edition
from forum.registration.models import Registration, RegistrationStatus
from tests import factories
from tests.agenda import helpers as agenda

NOW = factories.NOW
# id() of a freed dict repeats, so theme slugs come from a counter.
_THEME_NUMBERS = count(1)


def delegate(
    edition: Edition, email: str = "mayor@example.org", city: tuple[str, str] = ("Freetown", "SL")
) -> Registration:
    """An approved delegate of ``city``."""
    return factories.registration(edition, email, RegistrationStatus.APPROVED, city=city)


def entry_input(theme_id: int, **values: object) -> CommitmentInput:
    """A valid need for data tools on GCM objective 1, unless told otherwise."""
    fields: dict[str, object] = {
        "theme_id": theme_id,
        "kind": "support_needed",
        "title": "Data on newcomers",
        "description": "We need to count who arrives.",
        "language": "en",
        "support_areas": ["tools"],
        "gcm_objectives": [1, 16],
        "target": "A yearly newcomer survey",
        "target_date": date(2020, 12, 31),
    }
    fields.update(values)
    return CommitmentInput(**fields)  # type: ignore[arg-type]


def entry(
    edition: Edition,
    registration: Registration | None = None,
    *,
    published: bool = False,
    **values: object,
) -> Commitment:
    """A draft (or published) entry of the delegate's city, on a theme of its own."""
    registration = registration or delegate(edition)
    theme = agenda.theme(edition, slug=f"theme-{registration.city_id}-{next(_THEME_NUMBERS)}")
    editor = Editor(user=registration.user, registration=registration)
    row = create_draft(
        edition, registration.city_id, entry_input(theme.id, **values), editor=editor, now=NOW
    )
    if published:
        submit(row.id, editor=editor, now=NOW)
        publish(row.id, editor=Editor(user=organiser_user()), now=NOW)
    return row


def organiser_user():
    """The organiser (made on first use)."""
    from forum.auth.models import User
    from forum.extensions import db

    found = db.session.query(User).filter_by(email=factories.ORGANISER[0]).one_or_none()
    return found or factories.organiser()


def offer(edition: Edition, *, published: bool = False, **values: object):
    """An organisation's offer of data tools on GCM objective 1 (a draft unless published)."""
    from forum.commitments.models import OfferStatus
    from forum.commitments.offers import OfferInput, create_offer, move_offer

    fields: dict[str, object] = {
        "offerer_kind": "un_agency",
        "offerer_name": "A UN agency",
        "title": "Data tools for city migration profiles",
        "support_areas": ["tools"],
        "gcm_objectives": [1],
    }
    fields.update(values)
    editor = Editor(user=organiser_user())
    row = create_offer(edition, OfferInput(**fields), editor=editor, now=NOW)  # type: ignore[arg-type]
    if published:
        move_offer(row.id, OfferStatus.PUBLISHED, editor=editor, now=NOW)
    return row


def progress(row: Commitment, editor: Editor, on: date, status: str = "in_progress") -> None:
    """Report progress on a published entry."""
    add_progress(row.id, ProgressInput(reported_on=on, status=status), editor=editor, now=NOW)


__all__ = ["ProgressStatus", "delegate", "entry", "entry_input", "offer", "progress"]
