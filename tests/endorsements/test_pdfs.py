"""Declaration PDFs: the text per language, the certificate e-mailed to signatories, the list."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from babel.dates import format_date
from werkzeug.http import parse_options_header

from forum.auth.models import Role
from forum.auth.tokens import create_token
from forum.badges.services import issue_badge, qr_text
from forum.cities.services import country_name
from forum.endorsements.models import (
    Declaration,
    DeclarationText,
    Endorsement,
    EndorsementMethod,
    WindowOverride,
)
from forum.endorsements.notify import notify_endorsed
from forum.endorsements.services import endorse
from forum.extensions import db
from forum.mail.attachments import attachment_files
from forum.mail.models import OutboxEmail
from forum.mail.services import send_due_emails
from forum.registration.models import Registration
from forum.registration.models import RegistrationStatus as S
from tests import factories
from tests.conftest import Auth
from tests.endorsements import helpers
from tests.pdf_reading import page_count, pdf_cells, pdf_lines

# 23:30 UTC on 8 December is already 9 December in Marrakech (UTC+1 since October 2018).
LATE_EVENING = datetime(2018, 12, 8, 23, 30, tzinfo=UTC)
HEADER = ["City", "Country", "Name", "Title", "Date", "How"]


def table_rows(pdf: bytes, page: int) -> list[list[str]]:
    """The lines of one page that read as a six-column table row."""
    return [row for row in pdf_cells(pdf, page) if len(row) == len(HEADER)]


def signed(declaration: Declaration, registration: Registration, **values: object) -> Endorsement:
    """A standing endorsement for the delegate's city, written directly."""
    fields: dict[str, object] = {
        "signatory_name": registration.full_name,
        "signatory_title": "Mayor",
        "method": EndorsementMethod.ONLINE,
        "endorsed_at": datetime(2018, 12, 8, 10, tzinfo=UTC),
    }
    fields.update(values)
    row = Endorsement(
        declaration=declaration, city_id=registration.city_id, registration=registration, **fields
    )
    db.session.add(row)
    db.session.flush()
    return row


def french(declaration: Declaration) -> DeclarationText:
    """The declaration's French text."""
    return next(text for text in declaration.texts if text.language == "fr")


def test_the_french_pdf_has_the_title_and_each_paragraph(client, ctx):
    declaration = helpers.declaration(factories.edition())
    french(declaration).body = "Nous, maires réunis à Marrakech – 2018,\n\nnous engageons."
    db.session.commit()
    response = client.get("/declaration/fr.pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    assert parse_options_header(response.headers["Content-Disposition"]) == (
        "attachment",
        {"filename": f"declaration-{declaration.edition_id}-fr.pdf"},
    )
    assert pdf_lines(response.data) == [
        "Déclaration des maires",
        "Nous, maires réunis à Marrakech – 2018,",
        "nous engageons.",
        "Forum des maires · Marrakech 2018 · 8 décembre 2018",
        "1 / 1",
    ]


def test_long_paragraphs_wrap_and_run_onto_a_second_page(client, ctx):
    declaration = helpers.declaration(factories.edition())
    paragraphs = [f"Paragraphe {n} : " + "l'été à Marrakech, " * 12 + "fin." for n in range(14)]
    french(declaration).body = "\n\n".join(paragraphs)
    db.session.commit()
    pdf = client.get("/declaration/fr.pdf").data
    assert page_count(pdf) == 2
    footer = "Forum des maires · Marrakech 2018 · 8 décembre 2018"
    pages = [pdf_lines(pdf, page=1), pdf_lines(pdf, page=2)]
    assert [page[-2:] for page in pages] == [[footer, "1 / 2"], [footer, "2 / 2"]]
    text = " ".join(line for page in pages for line in page[:-2])
    assert text == " ".join(["Déclaration des maires", *paragraphs])


def test_a_language_the_declaration_lacks_is_404(client, ctx):
    helpers.declaration(factories.edition())
    db.session.commit()
    assert client.get("/declaration/de.pdf").status_code == 404


def test_the_page_links_the_pdf_of_the_text_shown(client, ctx):
    helpers.declaration(factories.edition())
    db.session.commit()
    page = client.get("/declaration/?text=fr").get_data(as_text=True)
    assert re.findall(r'href="([^"]+\.pdf)"', page) == ["/declaration/fr.pdf"]


def test_the_confirmation_email_carries_the_certificate(ctx, smtp):
    edition = factories.edition()
    declaration = helpers.declaration(edition, override=WindowOverride.OPEN)
    mayor = factories.registration(
        edition, "plante@example.org", S.APPROVED, city=("Montréal", "CA")
    )
    mayor.user.preferred_locale = "fr"
    endorsement = endorse(
        declaration,
        mayor,
        method=EndorsementMethod.ONLINE,
        name="Valérie Plante",
        title="Mairesse",
        now=LATE_EVENING,
    )
    notify_endorsed(endorsement)
    db.session.commit()
    assert send_due_emails().sent == 1
    [message] = smtp.to("plante@example.org")
    [attachment] = [part for part in message.walk() if part.get_filename()]
    assert (attachment.get_filename(), attachment.get_content_type()) == (
        "endorsement-certificate.pdf",
        "application/pdf",
    )
    assert pdf_cells(attachment.get_payload(decode=True)) == [
        ["Certificat d'approbation"],
        ["Montréal"],
        ["Canada"],
        ["a approuvé"],
        ["Déclaration des maires"],
        ["Signataire", "Valérie Plante, Mairesse"],
        ["Date", "9 décembre 2018"],
        ["Approuvée", "en ligne"],
        ["Numéro du certificat", f"MF5-{endorsement.id:06d}"],
        ["Forum des maires · Marrakech 2018"],
    ]


@pytest.fixture
def desk(app):
    with app.app_context():
        edition = factories.edition()
        helpers.declaration(edition)
        mayor = factories.registration(
            edition, "sall@example.org", S.APPROVED, city=("Dakar", "SN")
        )
        code = qr_text(issue_badge(mayor, now=datetime.now(UTC)))
        token, _row = create_token("Desk", Role.STAFF)
        db.session.commit()
        return {"code": code, "token": token}


def test_a_desk_endorsement_queues_the_confirmation_once(client, desk, ctx):
    body = {"code": desk["code"], "nonce": str(uuid.uuid4())}
    headers = {"Authorization": f"Bearer {desk['token']}"}
    assert client.post("/api/v1/endorsements", json=body, headers=headers).json["status"] == "ok"
    client.post("/api/v1/endorsements", json=body, headers=headers)  # the desk retries
    [email] = db.session.scalars(sa.select(OutboxEmail)).all()
    assert (email.recipient, email.template) == ("sall@example.org", "endorsed")
    assert [a["filename"] for a in email.attachments] == ["endorsement-certificate.pdf"]
    endorsement = db.session.scalars(sa.select(Endorsement)).one()
    day = endorsement.endorsed_at.astimezone(endorsement.declaration.edition.zone).date()
    assert "data" not in email.attachments[0]  # made when sent, not in the desk's request
    [(_name, content_type, certificate)] = attachment_files(email.attachments)
    assert content_type == "application/pdf"
    assert pdf_cells(certificate) == [
        ["Certificate of endorsement"],
        ["Dakar"],
        ["Senegal"],
        ["has endorsed"],
        ["Mayors Declaration"],
        ["Signed by", "Test sall, Mayor"],
        ["Date", format_date(day, "long", locale="en")],
        ["Endorsed", "on site"],
        ["Certificate number", f"MF5-{endorsement.id:06d}"],
        ["Mayoral Forum · Marrakech 2018"],
    ]


def organiser_signed_in(client) -> None:
    """Create the organiser and sign the client in as them."""
    factories.organiser()
    db.session.commit()
    Auth(client).login(*factories.ORGANISER)


def test_the_signatories_pdf_lists_the_standing_endorsements_by_country(client, ctx):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    cities = {
        "sall@example.org": ("Dakar", "SN"),
        "plante@example.org": ("Montréal", "CA"),
        "aki@example.org": ("Freetown", "SL"),
        "tory@example.org": ("Toronto", "CA"),
    }
    endorsements = {
        email: signed(declaration, factories.registration(edition, email, S.APPROVED, city=city))
        for email, city in cities.items()
    }
    endorsements["aki@example.org"].withdrawn_at = datetime.now(UTC)
    organiser_signed_in(client)
    response = client.get("/admin/declaration/signatories.pdf")
    assert (response.status_code, response.mimetype) == (200, "application/pdf")
    lines = pdf_lines(response.data, layout=True)
    assert lines[:2] == ["Mayors Declaration", "3 local and regional governments"]
    assert table_rows(response.data, 1) == [
        HEADER,
        ["Montréal", "Canada", "Test plante", "Mayor", "2018-12-08", "online"],
        ["Toronto", "Canada", "Test tory", "Mayor", "2018-12-08", "online"],
        ["Dakar", "Senegal", "Test sall", "Mayor", "2018-12-08", "online"],
    ]


def test_a_long_list_repeats_the_header_on_every_page(client, ctx):
    edition = factories.edition()
    declaration = helpers.declaration(edition)
    countries = ["SN", "CA", "MA", "DE", "BR", "JP"]
    expected = []
    for n in range(120):
        code = countries[n % len(countries)]
        mayor = factories.registration(
            edition, f"m{n:03d}@example.org", S.APPROVED, city=(f"City {n:03d}", code)
        )
        method = EndorsementMethod.ON_SITE if n % 2 else EndorsementMethod.ONLINE
        signed(declaration, mayor, method=method)
        how = "on site" if n % 2 else "online"
        name = country_name(code)
        expected.append([f"City {n:03d}", name, f"Test m{n:03d}", "Mayor", "2018-12-08", how])
    organiser_signed_in(client)
    pdf = client.get("/admin/declaration/signatories.pdf").data
    pages = page_count(pdf)
    assert pages > 1
    rows = [table_rows(pdf, page) for page in range(1, pages + 1)]
    assert [page[0] for page in rows] == [HEADER] * pages
    assert [row for page in rows for row in page[1:]] == sorted(
        expected, key=lambda row: (row[1], row[0])
    )
    assert pdf_lines(pdf, page=pages)[-1] == f"{pages} / {pages}"
    assert pdf_lines(pdf)[1] == "120 local and regional governments"


def test_the_admin_page_links_both_exports(client, ctx):
    helpers.declaration(factories.edition())
    organiser_signed_in(client)
    page = client.get("/admin/declaration/").get_data(as_text=True)
    assert re.findall(r'href="(/admin/declaration/signatories\.[a-z]+)"', page) == [
        "/admin/declaration/signatories.csv",
        "/admin/declaration/signatories.pdf",
    ]
