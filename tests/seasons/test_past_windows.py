"""A past edition's windows are closed whatever today's date: an edition that is not the
current one takes no registration, no change of details and no endorsement, even when the
windows it stores are open-ended or its declaration is forced open. (Enforced where the
services ask: Edition.registration_is_open and Edition.edits_allowed, which register() and
update_details() call, and Declaration.is_open, which endorse() and the desk's preview call.)"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from forum.badges.services import qr_text
from forum.endorsements.desk import preview
from forum.endorsements.models import EndorsementMethod, WindowOverride
from forum.endorsements.services import EndorsementRefused, EndorseStatus, endorse
from forum.errors import NotAllowed
from forum.registration.details import RegistrationDetails, details_of
from forum.registration.models import Category
from forum.registration.services import RegistrationClosed, register, update_details
from forum.seasons.services import switch_current
from tests import factories
from tests.badges import helpers as badge_helpers
from tests.cities import helpers
from tests.endorsements import helpers as endorsement_helpers

# During Berlin 2017, during Marrakech 2018, and long after both.
MOMENTS = [
    datetime(2017, 6, 26, 10, tzinfo=UTC),
    datetime(2018, 12, 8, 10, tzinfo=UTC),
    datetime(2031, 1, 1, tzinfo=UTC),
]


def _details(family: str = "Newcomer") -> RegistrationDetails:
    return RegistrationDetails(
        given_name="Ana", family_name=family, category=Category.MAYOR, position_title="Mayor",
        city_name="Quito", country_code="EC",
    )  # fmt: skip


def _open_ended_past_edition():
    """Berlin 2017, not current, every window left open and its declaration forced open;
    Marrakech 2018 current."""
    factories.edition()
    berlin = helpers.berlin(registration_opens_at=None, registration_closes_at=None,
                            edit_deadline=None)  # fmt: skip
    declaration = endorsement_helpers.declaration(berlin, override=WindowOverride.OPEN)
    mayor = badge_helpers.approved(berlin, "mayor@example.org")
    return berlin, declaration, mayor


@pytest.mark.parametrize("now", MOMENTS, ids=lambda moment: str(moment.year))
def test_a_past_edition_refuses_registration_edits_and_endorsements(ctx, now):
    berlin, declaration, mayor = _open_ended_past_edition()
    with pytest.raises(RegistrationClosed):
        register(berlin, "new@example.org", _details(), locale="en", now=now)
    changed = details_of(mayor)
    changed.position_title = "Lord Mayor"
    with pytest.raises(NotAllowed):
        update_details(mayor, changed, now=now)
    with pytest.raises(EndorsementRefused) as refused:
        endorse(declaration, mayor, method=EndorsementMethod.ONLINE, name="Valérie Plante",
                title="Mayor", now=now)  # fmt: skip
    assert refused.value.endorse_status is EndorseStatus.WINDOW_CLOSED
    answer = preview(declaration, qr_text(badge_helpers.badge_of(mayor)), now=now)
    assert answer.status == EndorseStatus.WINDOW_CLOSED.value
    assert not berlin.registration_is_open(now) and not declaration.is_open(now)


def test_the_same_edition_takes_them_while_it_is_current_and_not_once_it_is_past(ctx):
    berlin, declaration, mayor = _open_ended_past_edition()
    now = MOMENTS[0]
    switch_current(berlin.id, actor=None)
    registration, created = register(berlin, "new@example.org", _details(), locale="en", now=now)
    assert created
    endorsement = endorse(declaration, mayor, method=EndorsementMethod.ONLINE,
                          name="Valérie Plante", title="Mayor", now=now)  # fmt: skip
    assert endorsement.city_id == mayor.city_id
    # The next edition becomes current: Berlin's windows close, whatever they store.
    quito = factories.edition(number=6, year=2020, city="Quito", is_current=False)
    switch_current(quito.id, actor=None)
    with pytest.raises(RegistrationClosed):
        register(berlin, "late@example.org", _details("Late"), locale="en", now=now)
    with pytest.raises(NotAllowed):
        update_details(registration, details_of(registration), now=now)
    assert not declaration.is_open(now)
