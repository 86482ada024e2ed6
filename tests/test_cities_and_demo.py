"""City matching, countries, the demo seed and the French interface."""

from __future__ import annotations

import sqlalchemy as sa

from forum.cities.models import City
from forum.cities.services import country_choices, country_name, find_or_create_city, match_key
from forum.editions.models import Edition
from forum.extensions import db
from forum.mail.services import queue_email
from forum.registration.models import Registration, RegistrationStatus
from tests import factories
from tests.conftest import count_rows


def test_city_names_compare_without_accents_case_or_spacing(ctx):
    assert match_key("  Montréal ") == match_key("MONTREAL") == "montreal"
    assert match_key("Łódź") != match_key("Lodz")  # Ł is a letter of its own, not an accent
    first = find_or_create_city("Montréal", "ca")
    assert find_or_create_city("montreal", "CA") is first
    assert find_or_create_city("Montreal", "FR") is not first
    assert first.name == "Montréal"
    assert count_rows(City) == 2


def test_country_names_come_from_pycountry_in_the_visitor_language(ctx):
    assert country_name("MA") == "Morocco"
    assert country_name("MA", "fr") == "Maroc"
    assert country_name("ZZ") == "ZZ"


def test_seed_demo_is_idempotent_and_covers_every_status(runner, ctx):
    first = runner.invoke(args=["forum", "seed-demo", "--delegates", "40"])
    assert first.exit_code == 0, first.output
    assert "organiser@forum.example" in first.output
    counts = (count_rows(Edition), count_rows(Registration), count_rows(City))
    second = runner.invoke(args=["forum", "seed-demo"])
    assert "nothing changed" in second.output
    assert (count_rows(Edition), count_rows(Registration), count_rows(City)) == counts
    current = db.session.scalars(sa.select(Edition).where(Edition.is_current)).one()
    assert (current.number, current.city, current.timezone) == (5, "Marrakech", "Africa/Casablanca")
    statuses = set(db.session.scalars(sa.select(Registration.status)))
    assert statuses == set(RegistrationStatus)
    countries = set(db.session.scalars(sa.select(City.country_code)))
    assert len(countries) >= 15


def test_demo_windows_are_open(runner, client, ctx):
    runner.invoke(args=["forum", "seed-demo"])
    assert 'name="given_name"' in client.get("/register").get_data(as_text=True)


def test_french_interface_and_email(client, ctx):
    factories.edition()
    db.session.commit()
    client.get("/lang/fr")
    page = client.get("/register").get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Prénom" in page
    email = queue_email("a@example.org", "magic_link", locale="fr", link="http://x")
    assert "connexion" in email.subject.lower()


def test_browser_language_is_honoured(client, ctx):
    factories.edition()
    db.session.commit()
    page = client.get("/register", headers={"Accept-Language": "es-ES,es;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="es">' in page


def test_the_demo_shows_an_archive_and_a_clone(runner, client, ctx):
    """Berlin 2017 is past with its declaration signed by mayors who came back in 2018;
    Quito 2020 is a clone of 2018, prepared and not current (issue 13.7)."""
    from forum.agenda.models import Session
    from forum.endorsements.models import Declaration, Endorsement

    runner.invoke(args=["forum", "seed-demo"])
    editions = {e.number: e for e in db.session.scalars(sa.select(Edition))}
    berlin, marrakech, quito = editions[4], editions[5], editions[6]
    assert (marrakech.is_current, berlin.is_current, quito.is_current) == (True, False, False)
    signed = db.session.scalars(
        sa.select(Endorsement).join(Declaration).where(Declaration.edition_id == berlin.id)
    ).all()
    assert len(signed) >= 3
    returning = {e.registration.user_id for e in signed}
    came_again = db.session.scalars(
        sa.select(Registration.user_id).where(Registration.edition_id == marrakech.id)
    ).all()
    assert returning <= set(came_again)
    page = client.get("/editions/4/").get_data(as_text=True)
    assert "Mayoral Declaration on Migrants and Refugees" in page
    assert signed[0].city.name in page
    cloned = db.session.scalars(sa.select(Session).where(Session.edition_id == quito.id)).all()
    assert cloned and not any(s.is_published for s in cloned)
    assert (quito.city, quito.timezone) == ("Quito", "America/Guayaquil")
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Registration)
            .where(Registration.edition_id == quito.id)
        )
        == 0
    )


def test_a_country_the_catalogue_names_only_officially_is_named_in_the_reader_language():
    # pycountry's Arabic catalogue lacks "Iran" and "Syria" but has their ISO names.
    assert country_name("IR", "ar") == "إيران، الجمهوريّة الإسلاميّة الإيرانيّة"
    assert country_name("SY", "ar") == "الجمهوريّة العربيّة السّوريّة"
    # A name the same in French as in English is a translation, not a gap.
    assert (country_name("IR", "fr"), country_name("CA", "fr")) == ("Iran", "Canada")
    assert (country_name("IR", "en"), country_name("SY", "en")) == ("Iran", "Syria")


def test_a_country_no_iso_catalogue_names_in_arabic_is_named_from_our_own():
    # ISO renamed Turkey "Türkiye" in 2022; the Arabic catalogue has neither name.
    assert country_name("TR", "ar") == "تركيا"
    assert (country_name("TR", "fr"), country_name("TR", "es")) == ("Turquie", "Turquía")
    assert country_name("TR", "en") == "Türkiye"
    # Every country has an Arabic name in Arabic script.
    latin = [
        code for code, name in country_choices("ar") if not any("؀" <= ch <= "ۿ" for ch in name)
    ]
    assert latin == []
