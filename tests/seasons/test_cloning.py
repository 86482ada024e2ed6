"""Cloning an edition: exactly the programme's skeleton and the declaration as a draft, at the
same local times on the new dates, and nothing any person gave."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa

from forum.agenda.models import Room, Session, SessionSignup, SessionSource, Theme
from forum.checkin.models import CheckIn, ScanStatus
from forum.editions.models import Edition
from forum.endorsements.models import (
    Declaration,
    DeclarationText,
    Endorsement,
    EndorsementMethod,
)
from forum.extensions import db
from forum.registration.models import Registration
from forum.seasons.cloning import clone_edition, clone_settings
from tests import factories
from tests.agenda import helpers
from tests.badges import helpers as badge_helpers
from tests.conftest import count_rows
from tests.endorsements import helpers as endorsement_helpers


def _in(edition: Edition, model: type) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(model).where(model.edition_id == edition.id)
    )


def _marrakech_with_programme() -> Edition:
    """Marrakech 2018 with 2 themes, 2 rooms, 3 forum sessions, a summit item, a declaration,
    a delegate signed up to a session, checked in, whose city endorsed."""
    edition = factories.edition()
    inclusion = helpers.theme(edition, gcm_objectives=[15, 16])
    helpers.theme(edition, "labour", "Labour")
    atlas = helpers.room(edition)
    helpers.room(edition, "Agdal room")
    opening = helpers.session(edition, "Opening", "09:00", "09:30", theme=inclusion, room=atlas)
    helpers.session(edition, "Cities and inclusion", "10:00", "11:30", theme=inclusion)
    helpers.session(edition, "Closing", "17:00", "17:30")
    helpers.session(edition, "GFMD plenary", "12:00", "13:00", source=SessionSource.GFMD,
                    external_uid="gfmd-1")  # fmt: skip
    declaration = endorsement_helpers.declaration(edition)
    declaration.slug = "marrakech-2018"
    ada = badge_helpers.approved(edition, "ada@example.org")
    db.session.add(SessionSignup(registration=ada, session=opening))
    db.session.add(
        CheckIn(edition_id=edition.id, badge_id=badge_helpers.badge_of(ada).id,
                checkpoint="entrance", status=ScanStatus.OK, nonce="n-1", scanned_at=factories.NOW)
    )  # fmt: skip
    db.session.add(
        Endorsement(declaration=declaration, city=ada.city, registration=ada,
                    signatory_name="Ada", signatory_title="Mayor", method=EndorsementMethod.ONLINE)
    )  # fmt: skip
    db.session.flush()
    return edition


def _clone_to_quito(source: Edition) -> object:
    settings = clone_settings(
        source, number=6, city="Quito", country_code="EC", timezone="America/Guayaquil",
        starts_on=date(2020, 1, 22),
    )  # fmt: skip
    return clone_edition(source.id, settings, actor=None, now=datetime(2019, 6, 1, tzinfo=UTC))


def test_cloning_copies_exactly_the_programme_and_a_draft_declaration(ctx):
    source = _marrakech_with_programme()
    people_before = (count_rows(Registration), count_rows(SessionSignup), count_rows(CheckIn))
    clone = _clone_to_quito(source)
    new = clone.edition
    assert clone.copied == {
        "themes": 2, "rooms": 2, "sessions": 3, "declarations": 1, "declaration_texts": 2,
    }  # fmt: skip
    assert (_in(new, Theme), _in(new, Room), _in(new, Session), _in(new, Declaration)) == (
        2,
        2,
        3,
        1,
    )
    assert count_rows(DeclarationText) == 4
    # Nothing personal: the totals of every table of people are unchanged.
    assert (
        count_rows(Registration),
        count_rows(SessionSignup),
        count_rows(CheckIn),
    ) == people_before
    assert count_rows(Endorsement) == 1
    assert not new.is_current and source.is_current
    assert (new.year, new.ends_on, new.city, new.country_code) == (
        2020,
        date(2020, 1, 22),
        "Quito",
        "EC",
    )


def test_clone_keeps_gcm_tags_links_and_leaves_sessions_unpublished_and_the_draft_closed(ctx):
    source = _marrakech_with_programme()
    new = _clone_to_quito(source).edition
    theme = db.session.scalars(
        sa.select(Theme).where(Theme.edition_id == new.id, Theme.slug == "inclusion")
    ).one()
    assert theme.gcm_objectives == [15, 16]
    sessions = db.session.scalars(sa.select(Session).where(Session.edition_id == new.id)).all()
    assert all(not s.is_published and s.source is SessionSource.FORUM for s in sessions)
    opening = next(s for s in sessions if s.title == "Opening")
    assert opening.theme_id == theme.id and opening.room.edition_id == new.id
    declaration = db.session.scalars(
        sa.select(Declaration).where(Declaration.edition_id == new.id)
    ).one()
    assert declaration.slug == "marrakech-2020"
    assert declaration.opens_at is None and not declaration.is_open(
        datetime(2020, 1, 22, tzinfo=UTC)
    )


def test_times_keep_their_local_clock_across_a_change_of_zone(ctx):
    source = _marrakech_with_programme()
    new = _clone_to_quito(source).edition
    opening = db.session.scalars(
        sa.select(Session).where(Session.edition_id == new.id, Session.title == "Opening")
    ).one()
    local = opening.starts_at.astimezone(new.zone)
    assert (local.date(), local.hour, local.minute) == (date(2020, 1, 22), 9, 0)
    # Quito is UTC-5 all year: 09:00 there is 14:00 UTC.
    assert opening.starts_at == datetime(2020, 1, 22, 14, 0, tzinfo=UTC)


def test_times_keep_their_local_clock_across_summer_time(ctx):
    source = factories.edition(
        number=4, year=2017, city="Berlin", country_code="DE", timezone="Europe/Berlin",
        starts_on=date(2017, 3, 20), ends_on=date(2017, 3, 21),
    )  # fmt: skip
    helpers.session(source, "Morning", "10:00", "11:00")
    assert source.zone.utcoffset(datetime(2017, 3, 20)).seconds == 3600  # winter time, UTC+1
    settings = clone_settings(
        source, number=7, city="Berlin", country_code="DE", timezone="Europe/Berlin",
        starts_on=date(2017, 10, 20),
    )  # fmt: skip
    new = clone_edition(
        source.id, settings, actor=None, now=datetime(2017, 4, 1, tzinfo=UTC)
    ).edition
    session = db.session.scalars(sa.select(Session).where(Session.edition_id == new.id)).one()
    # Summer time (UTC+2) in October: 10:00 local is 08:00 UTC, one hour earlier than in March.
    assert session.starts_at == datetime(2017, 10, 20, 8, 0, tzinfo=UTC)
    assert new.ends_on == date(2017, 10, 21)


def test_the_clone_command_prints_what_it_copied(app, runner):
    with app.app_context():
        _marrakech_with_programme()
        db.session.commit()
    result = runner.invoke(args=[
        "forum", "clone-edition", "--from", "5", "--number", "6", "--city", "Quito",
        "--country", "EC", "--starts", "2020-01-22", "--timezone", "America/Guayaquil",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "sessions" in result.output and " 3" in result.output
    refused = runner.invoke(args=[
        "forum", "clone-edition", "--from", "5", "--number", "6", "--city", "Quito",
        "--country", "EC", "--starts", "2020-01-22", "--timezone", "Mars/Olympus",
    ])  # fmt: skip
    assert refused.exit_code != 0
    assert "timezone" in refused.output


def test_an_organiser_clones_from_the_page_and_lands_on_the_new_settings(app, client):
    from tests.conftest import Auth, csrf_token

    with app.app_context():
        _marrakech_with_programme()
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    form = client.get("/admin/editions/5/clone").get_data(as_text=True)
    assert 'value="6"' in form  # the next number, proposed
    data = {
        "csrf_token": csrf_token(form), "number": "6", "title": "Quito 2020", "city": "Quito",
        "country_code": "EC", "timezone": "America/Guayaquil", "starts_on": "2020-01-22",
        "ends_on": "",
    }  # fmt: skip
    response = client.post("/admin/editions/5/clone", data=data)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/admin/editions/6"
    )
    page = client.get("/admin/editions/6").get_data(as_text=True)
    copied = re.search(r"Edition created\. Copied: ([^<]*)\.", page)
    assert copied, page
    # Each count with its own plural, listed as English lists.
    assert re.fullmatch(
        r"\d+ themes?, \d+ rooms?, 3 sessions \(unpublished\), "
        r"\d+ declaration drafts?, and \d+ declaration texts?",
        copied.group(1),
    )
    assert "1 declaration drafts" not in page and "1 themes" not in page
    again = client.post("/admin/editions/5/clone", data=data)
    assert "Another edition has this number." in again.get_data(as_text=True)
    with app.app_context():
        assert count_rows(Edition) == 2


def test_the_windows_move_with_the_start_at_the_same_local_times(ctx):
    source = _marrakech_with_programme()
    source.registration_opens_at = datetime(2018, 9, 1, 8, 0, tzinfo=UTC)
    source.edit_deadline = datetime(2018, 12, 1, 17, 0, tzinfo=UTC)
    opens_local = source.registration_opens_at.astimezone(source.zone)
    new = _clone_to_quito(source).edition
    # 22 January 2020 is 410 days after 8 December 2018.
    opened = new.registration_opens_at.astimezone(new.zone)
    assert (opened.date() - opens_local.date()).days == 410
    assert (opened.hour, opened.minute) == (opens_local.hour, opens_local.minute)
    assert new.edit_deadline is not None and new.registration_closes_at is None


def test_a_start_near_year_1_or_9999_is_refused_on_its_field_not_a_500(app, client):
    from tests.conftest import Auth, csrf_token

    with app.app_context():
        source = _marrakech_with_programme()
        source.registration_opens_at = datetime(2018, 9, 1, 8, 0, tzinfo=UTC)
        source.ends_on = date(2018, 12, 10)  # a three-day edition: the clone's end is derived
        factories.organiser()
        db.session.commit()
    Auth(client).login(*factories.ORGANISER)
    form = client.get("/admin/editions/5/clone").get_data(as_text=True)
    for start in ("0001-01-01", "9999-12-31"):
        data = {
            "csrf_token": csrf_token(form), "number": "6", "title": "Quito 2020", "city": "Quito",
            "country_code": "EC", "timezone": "America/Guayaquil", "starts_on": start,
            "ends_on": "",
        }  # fmt: skip
        page = client.post("/admin/editions/5/clone", data=data)
        assert page.status_code == 200, start
        assert "Please give a year from 2000 to 2100." in page.get_data(as_text=True), start
    with app.app_context():
        assert count_rows(Edition) == 1
