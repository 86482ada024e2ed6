"""Who may endorse, the window, one endorsement per city, withdrawals."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from forum.audit.services import trail
from forum.endorsements.models import Endorsement, EndorsementMethod, WindowOverride
from forum.endorsements.services import (
    EndorsementRefused,
    EndorseStatus,
    authorise,
    endorse,
    set_window,
    withdraw,
)
from forum.errors import InvalidInput
from forum.extensions import db
from forum.registration.models import Category
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import count_rows
from tests.endorsements import helpers

NOW = datetime.now(UTC)


def sign(declaration, registration, method=EndorsementMethod.ONLINE):
    return endorse(
        declaration,
        registration,
        method=method,
        name=registration.full_name,
        title="Mayor",
        now=datetime.now(UTC),
    )


def test_a_mayor_endorses_for_the_city(ctx):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    mayor = factories.registration(
        edition, "plante@example.org", S.APPROVED, city=("Montréal", "CA")
    )
    endorsement = sign(declaration, mayor)
    assert (endorsement.city.name, endorsement.method, endorsement.signatory_name) == (
        "Montréal",
        EndorsementMethod.ONLINE,
        "Test plante",
    )
    assert [e.action for e in trail(endorsement)] == ["endorsement.created"]


def test_a_second_delegate_of_the_city_is_told_who_signed_first(ctx):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    mayor = factories.registration(
        edition, "plante@example.org", S.APPROVED, city=("Montréal", "CA")
    )
    regional = factories.registration(
        edition,
        "other@example.org",
        S.APPROVED,
        city=("MONTREAL", "CA"),
        category=Category.REGIONAL_GOVERNMENT,
    )
    sign(declaration, mayor)
    with pytest.raises(EndorsementRefused) as refusal:
        sign(declaration, regional)
    assert refusal.value.endorse_status is EndorseStatus.ALREADY_ENDORSED
    assert "Test plante" in refusal.value.message
    assert refusal.value.existing.registration == mayor


@pytest.mark.parametrize(
    ("category", "status", "authorised", "allowed"),
    [
        (Category.MAYOR, S.APPROVED, False, True),
        (Category.REGIONAL_GOVERNMENT, S.APPROVED, False, True),
        (Category.DEPUTY_MAYOR, S.APPROVED, False, False),
        (Category.DEPUTY_MAYOR, S.APPROVED, True, True),
        (Category.CITY_OFFICIAL, S.APPROVED, True, True),
        (Category.MAYOR, S.PENDING, False, False),
        (Category.MAYOR, S.WITHDRAWN, False, False),
    ],
)
def test_eligibility(ctx, category, status, authorised, allowed):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    delegate = factories.registration(edition, "d@example.org", status, category=category)
    if authorised:
        authorise(declaration, delegate, actor=factories.organiser(), now=NOW)
    if allowed:
        assert sign(declaration, delegate).city_id == delegate.city_id
    else:
        with pytest.raises(EndorsementRefused) as refusal:
            sign(declaration, delegate)
        assert refusal.value.endorse_status is EndorseStatus.NOT_ELIGIBLE
        assert count_rows(Endorsement) == 0


def test_authorisation_records_who_and_when(ctx):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    deputy = factories.registration(
        edition, "deputy@example.org", S.APPROVED, category=Category.DEPUTY_MAYOR
    )
    organiser = factories.organiser()
    authorisation = authorise(declaration, deputy, actor=organiser, now=NOW)
    assert (authorisation.authorised_by, authorisation.authorised_at) == (organiser, NOW)
    assert authorise(declaration, deputy, actor=organiser, now=NOW) is authorisation


@pytest.mark.parametrize(
    ("opens", "closes", "override", "is_open"),
    [
        (-1, None, WindowOverride.AUTO, True),
        (1, None, WindowOverride.AUTO, False),
        (-2, -1, WindowOverride.AUTO, False),
        (1, None, WindowOverride.OPEN, True),
        (-1, None, WindowOverride.CLOSED, False),
        (None, None, WindowOverride.AUTO, False),
    ],
)
def test_window(ctx, opens, closes, override, is_open):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    hours = lambda n: NOW + timedelta(hours=n) if n is not None else None  # noqa: E731
    set_window(
        declaration,
        override,
        actor=factories.organiser(),
        opens_at=hours(opens),
        closes_at=hours(closes),
    )
    if override is not WindowOverride.AUTO:
        declaration.opens_at, declaration.closes_at = hours(opens), hours(closes)
    assert declaration.is_open(NOW) is is_open
    mayor = factories.registration(edition, "m@example.org", S.APPROVED)
    if not is_open:
        with pytest.raises(EndorsementRefused) as refusal:
            sign(declaration, mayor)
        assert refusal.value.endorse_status is EndorseStatus.WINDOW_CLOSED


def test_withdrawal_needs_a_reason_and_frees_the_city(ctx):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    organiser = factories.organiser()
    mayor = factories.registration(edition, "m@example.org", S.APPROVED)
    endorsement = sign(declaration, mayor)
    with pytest.raises(InvalidInput) as refused:
        withdraw(endorsement, actor=organiser, reason="  ", now=NOW)
    assert list(refused.value.problems) == ["reason"]
    withdraw(endorsement, actor=organiser, reason="Signed by mistake", now=NOW)
    assert [e.action for e in trail(endorsement)][-1] == "endorsement.withdrawn"
    assert trail(endorsement)[-1].details["reason"] == "Signed by mistake"
    again = sign(declaration, mayor)
    assert again.id != endorsement.id


def test_twenty_concurrent_endorsements_for_one_city_record_exactly_one(app: Flask):
    with app.app_context():
        edition = factories.edition()
        declaration = helpers.declaration(edition)
        ids = [
            factories.registration(
                edition,
                f"m{i}@example.org",
                S.APPROVED,
                category=Category.MAYOR,
                city=("Freetown", "SL"),
            ).id
            for i in range(20)
        ]
        db.session.commit()
        declaration_id = declaration.id
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def attempt(registration_id: int) -> None:
        from forum.endorsements.models import Declaration
        from forum.registration.models import Registration

        barrier.wait()
        with app.app_context():
            try:
                sign(
                    db.session.get(Declaration, declaration_id),
                    db.session.get(Registration, registration_id),
                )
                db.session.commit()
                outcomes.append("ok")
            except EndorsementRefused as refusal:
                db.session.rollback()
                outcomes.append(refusal.endorse_status.value)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == ["already_endorsed"] * 19 + ["ok"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Endorsement)) == 1


def test_the_database_refuses_a_second_standing_endorsement(ctx):
    from sqlalchemy.exc import IntegrityError

    edition = factories.edition()
    declaration = helpers.declaration(edition)
    one = factories.registration(edition, "a@example.org", S.APPROVED)
    two = factories.registration(edition, "b@example.org", S.APPROVED)
    for registration in (one, two):
        db.session.add(
            Endorsement(
                declaration=declaration,
                city_id=one.city_id,
                registration=registration,
                signatory_name="x",
                signatory_title="y",
                method=EndorsementMethod.ONLINE,
                endorsed_at=NOW,
            )
        )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
