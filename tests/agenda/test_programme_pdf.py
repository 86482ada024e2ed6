"""The printed programme (issue 16.2): read back by independent readers, in order, in the
page's language, with its fonts embedded."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from flask import Flask

from forum.agenda.models import SessionKind, SessionSource, SessionStatus
from forum.extensions import db
from tests import factories
from tests.agenda import helpers
from tests.pdf_reading import page_count, pdf_lines

WELCOME = "How cities open their services."


@pytest.fixture
def agenda(app: Flask) -> None:
    with app.app_context():
        edition = factories.edition(venue="Palais des congrès", ends_on=date(2018, 12, 9))
        inclusion = helpers.theme(edition, "inclusion", "Inclusion and social cohesion")
        atlas = helpers.room(edition, "Atlas room")
        helpers.session(edition, "Opening of the forum", "09:00", "10:30",
                        kind=SessionKind.OPENING, room_id=atlas.id)  # fmt: skip
        helpers.session(edition, "Cities welcome newcomers", "11:00", "12:30",
                        theme_id=inclusion.id, description=WELCOME)  # fmt: skip
        helpers.session(edition, "A session that will not happen", "14:00", "15:00",
                        status=SessionStatus.CANCELLED)  # fmt: skip
        helpers.session(edition, "GFMD summit plenary", "16:00", "17:00",
                        source=SessionSource.GFMD, kind=SessionKind.PLENARY)  # fmt: skip
        second = helpers.session(edition, "Signing the declaration", "09:30", "10:00",
                                 kind=SessionKind.SIGNING_CEREMONY)  # fmt: skip
        second.starts_at = helpers.local(edition, "09:30", day=1)
        second.ends_at = helpers.local(edition, "10:00", day=1)
        db.session.commit()


def booklet(client, path: str = "/agenda.pdf", language: str = "en") -> bytes:
    client.get(f"/lang/{language}")
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.mimetype == "application/pdf"
    return answer.data


def test_the_programme_reads_in_order_day_by_day(client, agenda):
    pdf = booklet(client)
    lines = pdf_lines(pdf)
    text = "\n".join(lines)
    cover = " ".join(pdf_lines(pdf, page=1))
    assert "City Leadership in Implementing the UN Global Compacts" in cover
    assert "Dec 8 – 9, 2018" in cover and "Palais des congrès" in cover
    assert "Saturday" not in cover
    order = [
        "Saturday, December 8, 2018",
        "9:00 – 10:30 AM",
        "Opening of the forum",
        "Opening ceremony · Atlas room",
        "11:00 AM – 12:30 PM",
        "Cities welcome newcomers",
        "Theme session · Inclusion and social cohesion",
        "How cities open their services.",
        "A session that will not happen · Cancelled",
        "Sunday, December 9, 2018",
        "Signing the declaration",
    ]
    positions = [next(i for i, line in enumerate(lines) if wanted in line) for wanted in order]
    assert positions == sorted(positions)
    assert "GFMD summit plenary" not in text
    assert "All times are local times in Marrakech (GMT+01:00)." in text
    assert f"Page 2 of {page_count(pdf)}" in text


def test_french_and_spanish_programmes_use_their_words_and_24_hour_clock(client, agenda):
    french = "\n".join(pdf_lines(booklet(client, language="fr")))
    assert "samedi 8 décembre 2018" in french
    assert "09:00 – 10:30" in french and "Cérémonie d'ouverture · Atlas room" in french
    assert "Page 2 sur 2" in french and "Toutes les heures sont celles de Marrakech" in french
    spanish = "\n".join(pdf_lines(booklet(client, language="es")))
    assert "sábado, 8 de diciembre de 2018" in spanish
    assert "9:00–10:30" in spanish


def test_summit_items_come_only_when_asked_for(client, agenda):
    assert "GFMD summit plenary" in "\n".join(
        pdf_lines(booklet(client, "/agenda.pdf?include=gfmd"))
    )


def test_a_theme_booklet_holds_its_theme_only(client, agenda):
    text = "\n".join(pdf_lines(booklet(client, "/agenda/inclusion.pdf")))
    assert "Cities welcome newcomers" in text
    assert "Opening of the forum" not in text
    assert client.get("/agenda/nowhere.pdf").status_code == 404


def test_the_fonts_are_embedded(client, agenda):
    reader = pypdf.PdfReader(io.BytesIO(booklet(client)))
    fonts = {
        font.get_object()["/BaseFont"]: font.get_object()["/FontDescriptor"].get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
        if "/FontDescriptor" in font.get_object()
    }
    assert fonts, "no font on the pages"
    assert all("/FontFile2" in descriptor for descriptor in fonts.values())
    assert any("DejaVuSans" in str(name) for name in fonts)
