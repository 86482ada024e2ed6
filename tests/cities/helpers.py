"""Builders for the city page tests: two editions, a city that came to both, its entries."""

from __future__ import annotations

from datetime import UTC, date, datetime

from forum.agenda.models import Theme
from forum.commitments.access import Editor
from forum.commitments.models import Commitment
from forum.commitments.services import create_draft, publish, submit
from forum.editions.models import Edition
from forum.endorsements.models import Endorsement, EndorsementMethod
from forum.extensions import db
from forum.registration.models import Registration
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import entry_input, organiser_user
from tests.endorsements import helpers as endorsement_helpers

NOW = factories.NOW


def berlin(**values: object) -> Edition:
    """Berlin 2017, the 4th edition, past (not current)."""
    fields: dict[str, object] = {
        "number": 4, "year": 2017, "city": "Berlin", "country_code": "DE",
        "timezone": "Europe/Berlin", "starts_on": date(2017, 6, 26), "ends_on": date(2017, 6, 27),
        "is_current": False,
    }  # fmt: skip
    fields.update(values)
    return factories.edition(**fields)


def published(
    edition: Edition, registration: Registration, theme: Theme, **values: object
) -> Commitment:
    """An entry of the delegate's city, submitted and published."""
    editor = Editor(user=registration.user, registration=registration)
    data = entry_input(theme.id, **values)
    row = create_draft(edition, registration.city_id, data, editor=editor, now=NOW)
    submit(row.id, editor=editor, now=NOW)
    publish(row.id, editor=Editor(user=organiser_user()), now=NOW)
    return row


def draft(edition: Edition, registration: Registration, theme: Theme, **values: object):
    """An entry left as a draft."""
    editor = Editor(user=registration.user, registration=registration)
    data = entry_input(theme.id, **values)
    return create_draft(edition, registration.city_id, data, editor=editor, now=NOW)


def endorsed(edition: Edition, registration: Registration, on: datetime) -> Endorsement:
    """The registration's city endorsed the edition's declaration (opened before ``on``)."""
    declaration = endorsement_helpers.declaration(edition)
    declaration.opens_at = datetime(edition.year, 1, 1, tzinfo=UTC)
    row = Endorsement(
        declaration=declaration, city_id=registration.city_id, registration=registration,
        signatory_name=registration.full_name, signatory_title="Mayor",
        method=EndorsementMethod.ONLINE, endorsed_at=on,
    )  # fmt: skip
    db.session.add(row)
    db.session.flush()
    return row


def edition_number(number: int) -> Edition:
    """The edition with this number (ids differ between databases)."""
    return db.session.scalars(db.select(Edition).where(Edition.number == number)).one()


def theme(edition: Edition, slug: str, title: str) -> Theme:
    """A published theme of the edition."""
    return agenda.theme(edition, slug, title, is_published=True)
