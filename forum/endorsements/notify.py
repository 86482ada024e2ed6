"""Telling a signatory their endorsement is recorded, with a certificate to keep."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from forum.cities.services import country_name
from forum.editions.models import Edition
from forum.endorsements import pdf
from forum.endorsements.models import Endorsement, EndorsementMethod
from forum.extensions import db
from forum.mail.attachments import MadeWhenSent, attachment_maker
from forum.mail.services import queue_email
from forum.urls import external_url

CERTIFICATE_FILENAME = "endorsement-certificate.pdf"
CERTIFICATE_MAKER = "endorsement-certificate"


def notify_endorsed(endorsement: Endorsement) -> None:
    """Queue the confirmation e-mail (in the caller's transaction); its certificate is made
    when the e-mail is sent, so the desk's answer does not wait for a PDF."""
    user = endorsement.registration.user
    locale = user.preferred_locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    certificate = MadeWhenSent(
        CERTIFICATE_FILENAME,
        "application/pdf",
        CERTIFICATE_MAKER,
        {"endorsement": endorsement.id, "locale": locale},
    )
    queue_email(
        user.email,
        "endorsed",
        locale=locale,
        attachments=[certificate],
        endorsement=endorsement,
        edition=endorsement.declaration.edition,
        link=external_url("endorsements.show"),
    )


@attachment_maker(CERTIFICATE_MAKER)
def certificate_file(arguments: Mapping[str, Any]) -> bytes:
    """The certificate of an endorsement, in the language the e-mail was queued in."""
    endorsement = db.session.get(Endorsement, int(arguments["endorsement"]))
    if endorsement is None:
        raise LookupError("the endorsement is gone")
    locale = str(arguments["locale"])
    with force_locale(locale):
        return pdf.certificate_pdf(certificate_of(endorsement, locale))


def certificate_number(endorsement: Endorsement) -> str:
    """The edition and the endorsement, as in "MF5-000123": unique and never reused."""
    return f"MF{endorsement.declaration.edition.number}-{endorsement.id:06d}"


def certificate_of(endorsement: Endorsement, locale: str) -> pdf.Certificate:
    """The certificate's text in the current language; ``locale`` picks the declaration's."""
    declaration = endorsement.declaration
    zone = declaration.edition.zone
    text = declaration.text_in(locale)
    return pdf.Certificate(
        language=locale,
        number=certificate_number(endorsement),
        city=endorsement.city.name,
        country=country_name(endorsement.city.country_code, locale),
        name=endorsement.signatory_name,
        title=endorsement.signatory_title,
        declaration_title=text.title if text else _("Declaration"),
        date=format_date(endorsement.endorsed_at.astimezone(zone).date(), "long"),
        method=_method_label(endorsement.method),
        words=_certificate_words(declaration.edition),
    )


def _method_label(method: EndorsementMethod) -> str:
    """How the endorsement was given, in the current language."""
    return _("on site") if method is EndorsementMethod.ON_SITE else _("online")


def _certificate_words(edition: Edition) -> pdf.CertificateWords:
    """The certificate's fixed wording in the current language."""
    return pdf.CertificateWords(
        heading=_("Certificate of endorsement"),
        # Printed between the city's name and the declaration's title.
        endorsed=_("has endorsed"),
        signed_by=_("Signed by"),
        date=_("Date"),
        method=_("Endorsed"),
        number=_("Certificate number"),
        footer=_("Mayoral Forum · %(edition)s", edition=edition.label),
    )
