"""The demo's archive: Berlin 2017 as a past edition with its declaration and a few returning
mayors who signed it, and Quito 2020 prepared by cloning Marrakech 2018 and left not current,
so a newcomer sees the archive and the cloning at once. All of it is illustrative."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from forum.editions.models import Edition
from forum.endorsements.demo import one_mayor_per_city
from forum.endorsements.models import Declaration, DeclarationText, Endorsement, EndorsementMethod
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus
from forum.seasons.cloning import clone_edition, clone_settings

RETURNING_MAYORS = 4
QUITO_TITLE = "Mayoral Forum on Human Mobility, Migration and Development"
BERLIN_SIGNED_AT = datetime(2017, 6, 27, 14, 0, tzinfo=UTC)
BERLIN_TEXTS = {
    "en": ("Mayoral Declaration on Migrants and Refugees", "Illustrative demo text: cities "
           "commit to welcome migrants and refugees and to work together on their inclusion."),
    "fr": ("Déclaration des maires sur les migrants et les réfugiés", "Texte de démonstration : "
           "les villes s’engagent à accueillir migrants et réfugiés et à œuvrer ensemble à leur "
           "inclusion."),
    "es": ("Declaración de alcaldes sobre migrantes y refugiados", "Texto de demostración: las "
           "ciudades se comprometen a acoger a migrantes y refugiados y a trabajar juntas por "
           "su inclusión."),
}  # fmt: skip


def seed_archive(berlin: Edition, marrakech: Edition, *, now: datetime) -> Edition:
    """Berlin's declaration and signatories, then Quito 2020 cloned from Marrakech."""
    declaration = Declaration(edition_id=berlin.id, slug="berlin-2017", opens_at=BERLIN_SIGNED_AT)
    db.session.add(declaration)
    for language, (title, body) in BERLIN_TEXTS.items():
        db.session.add(DeclarationText(declaration=declaration, language=language,
                                       title=title, body=body))  # fmt: skip
    for index, mayor in enumerate(_returning_mayors(berlin, marrakech)):
        db.session.add(
            Endorsement(
                declaration=declaration,
                city_id=mayor.city_id,
                registration=mayor,
                signatory_name=mayor.full_name,
                signatory_title=mayor.position_title,
                method=EndorsementMethod.ON_SITE,
                endorsed_at=BERLIN_SIGNED_AT + timedelta(minutes=9 * index),
            )
        )
    settings = clone_settings(
        marrakech, number=6, city="Quito", country_code="EC", timezone="America/Guayaquil",
        starts_on=date(2020, 1, 22), title=QUITO_TITLE,
    )  # fmt: skip
    return clone_edition(marrakech.id, settings, actor=None, now=now).edition


def _returning_mayors(berlin: Edition, marrakech: Edition) -> list[Registration]:
    """Mayors of 2018 who had come to Berlin in 2017 too, each from a different city."""
    returning = []
    for mayor in one_mayor_per_city(marrakech)[:RETURNING_MAYORS]:
        at = datetime(2017, 5, 2, 9, tzinfo=UTC)
        registration = Registration(
            edition=berlin, user=mayor.user, given_name=mayor.given_name,
            family_name=mayor.family_name, category=mayor.category,
            position_title=mayor.position_title, organisation=mayor.organisation,
            city=mayor.city, languages=list(mayor.languages), consented_at=at, created_at=at,
            status=RegistrationStatus.APPROVED, status_changed_at=at, email_confirmed_at=at,
        )  # fmt: skip
        db.session.add(registration)
        returning.append(registration)
    db.session.flush()
    return returning
