"""Declaration PDFs: the text in one language, a certificate of endorsement, the signatories.

Pure ReportLab platypus: callers pass plain dataclasses whose words are already translated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from forum.pdf_fonts import BOLD, REGULAR, register_fonts
from forum.pdf_paragraph import paragraph, reading_order
from forum.pdf_text import draw_line, rtl_language

if TYPE_CHECKING:
    from forum.endorsements.exports import Signatory

INK = HexColor("#1F4E79")
GREY = HexColor("#555555")
RULE = HexColor("#BFBFBF")
STRIPE = HexColor("#F2F2F2")
MARGIN = 20 * mm


@dataclass(frozen=True)
class DeclarationPrint:
    """One language's text of the declaration and the footer that places it."""

    language: str
    title: str
    body: str  # paragraphs separated by a blank line
    footer: str  # the edition and the date


@dataclass(frozen=True)
class CertificateWords:
    """The certificate's fixed wording, in the signatory's language."""

    heading: str  # "Certificate of endorsement"
    endorsed: str  # "has endorsed"
    signed_by: str
    date: str
    method: str
    number: str
    footer: str  # names the forum and its edition


@dataclass(frozen=True)
class Certificate:
    """What a certificate of endorsement states, as text."""

    language: str
    number: str  # "MF5-000123"
    city: str
    country: str
    name: str
    title: str
    declaration_title: str
    date: str
    method: str
    words: CertificateWords


@dataclass(frozen=True)
class SignatoryList:
    """The signatories as presented to governments: heading, count and one row each."""

    language: str
    title: str  # the declaration's title
    count: str  # "120 local and regional governments"
    columns: tuple[str, str, str, str, str, str]  # city, country, name, title, date, method
    rows: Sequence[Signatory]  # in the order printed, method worded for the reader
    footer: str


@dataclass(frozen=True)
class _Page:
    """A document's page size, metadata and footer."""

    size: tuple[float, float]
    title: str
    language: str
    footer: str
    numbered: bool = True
    decorate: Callable[[Canvas, tuple[float, float]], None] | None = None

    @property
    def rtl(self) -> bool:
        """Whether the document reads right to left, its footer mirrored."""
        return rtl_language(self.language)


def _style(name: str, font: str, size: float, **values: object) -> ParagraphStyle:
    """A paragraph style in DejaVu with a comfortable leading."""
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35, **values)


def _paragraphs(body: str) -> list[str]:
    """The body's paragraphs: split at blank lines, empty ones dropped."""
    return [part.strip() for part in re.split(r"\n\s*\n", body) if part.strip()]


def _render(story: Callable[[], list[Flowable]], page: _Page) -> bytes:
    """Lay the story out twice: the first pass counts the pages the footers then name."""
    register_fonts()
    total = _build(story(), page, total=0)[1]
    return _build(story(), page, total=total)[0]


def _build(flowables: list[Flowable], page: _Page, *, total: int) -> tuple[bytes, int]:
    """One layout pass; returns the PDF and its number of pages."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=page.size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 6 * mm,
        title=page.title,
        author="Mayoral Forum",
        creator="forum",
        lang=page.language,
        invariant=1,
        pageCompression=1,
    )

    def on_page(canvas: Canvas, document: SimpleDocTemplate) -> None:
        _draw_page(canvas, page, document.page, total)

    doc.build(flowables, onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue(), doc.page


def _draw_page(canvas: Canvas, page: _Page, number: int, total: int) -> None:
    """Around the frame: the decoration, the footer text, and "page / pages" on the right."""
    width, _height = page.size
    canvas.saveState()
    if page.decorate is not None:
        page.decorate(canvas, page.size)
    canvas.setFillColor(GREY)
    ends = ((MARGIN, "left"), (width - MARGIN, "right"))
    (start, start_align), (end, end_align) = ends[::-1] if page.rtl else ends
    base = 1 if page.rtl else None
    draw_line(canvas, start, MARGIN, page.footer, REGULAR, 8, start_align, base)
    if page.numbered:
        draw_line(canvas, end, MARGIN, f"{number} / {total}", REGULAR, 8, end_align, base)
    canvas.restoreState()


def declaration_pdf(text: DeclarationPrint) -> bytes:
    """The declaration in one language on A4: its title, then its paragraphs."""
    title = _style("title", BOLD, 18, alignment=TA_CENTER, spaceAfter=10 * mm, textColor=INK)
    body = _style("body", REGULAR, 11, spaceAfter=4 * mm)
    rtl = rtl_language(text.language)

    def story() -> list[Flowable]:
        return [paragraph(text.title, title, rtl=rtl)] + [
            paragraph(part, body, rtl=rtl) for part in _paragraphs(text.body)
        ]

    return _render(story, _Page(A4, text.title, text.language, text.footer))


def certificate_pdf(certificate: Certificate) -> bytes:
    """A one-page A4 certificate: the city, the declaration, who signed, when and how."""
    words = certificate.words
    centred = {"alignment": TA_CENTER}
    rtl = rtl_language(certificate.language)

    def story() -> list[Flowable]:
        return [
            Spacer(1, 25 * mm),
            paragraph(words.heading, _style("h", BOLD, 24, textColor=INK, **centred), rtl=rtl),
            Spacer(1, 18 * mm),
            paragraph(certificate.city, _style("city", BOLD, 28, **centred), rtl=rtl),
            paragraph(certificate.country, _style("country", REGULAR, 14, **centred), rtl=rtl),
            Spacer(1, 10 * mm),
            paragraph(words.endorsed, _style("verb", REGULAR, 12, **centred), rtl=rtl),
            Spacer(1, 4 * mm),
            paragraph(
                certificate.declaration_title,
                _style("declaration", BOLD, 15, textColor=INK, **centred),
                rtl=rtl,
            ),
            Spacer(1, 18 * mm),
            _details(certificate, rtl),
        ]

    page = _Page(
        A4, words.heading, certificate.language, words.footer, numbered=False, decorate=_frame
    )
    return _render(story, page)


def _details(certificate: Certificate, rtl: bool) -> Table:
    """Who signed, the date, how, and the certificate's number, as label and value."""
    words = certificate.words
    label, value = _style("label", REGULAR, 10, textColor=GREY), _style("value", REGULAR, 11)
    signed_by = (
        f"{certificate.name}, {certificate.title}" if certificate.title else certificate.name
    )
    rows = [
        (words.signed_by, signed_by),
        (words.date, certificate.date),
        (words.method, certificate.method),
        (words.number, certificate.number),
    ]
    cells = [
        reading_order([paragraph(k, label, rtl=rtl), paragraph(v, value, rtl=rtl)], rtl)
        for k, v in rows
    ]
    table = Table(cells, colWidths=reading_order((45 * mm, 90 * mm), rtl))
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])
    )
    return table


def _frame(canvas: Canvas, size: tuple[float, float]) -> None:
    """A double border in the forum's blue around the certificate."""
    width, height = size
    canvas.setStrokeColor(INK)
    for inset, line_width in ((10 * mm, 2.0), (12 * mm, 0.6)):
        canvas.setLineWidth(line_width)
        canvas.rect(inset, inset, width - 2 * inset, height - 2 * inset, stroke=1, fill=0)


def signatories_pdf(signatories: SignatoryList) -> bytes:
    """The signatories on landscape A4 pages, the table's header repeated on each page."""
    page = _Page(landscape(A4), signatories.title, signatories.language, signatories.footer)
    heading = _style("heading", BOLD, 16, textColor=INK, spaceAfter=2 * mm)
    count = _style("count", REGULAR, 12, spaceAfter=6 * mm)

    def story() -> list[Flowable]:
        return [
            paragraph(signatories.title, heading, rtl=page.rtl),
            paragraph(signatories.count, count, rtl=page.rtl),
            _signatory_table(signatories, page.size[0] - 2 * MARGIN, page.rtl),
        ]

    return _render(story, page)


def _signatory_table(signatories: SignatoryList, width: float, rtl: bool) -> Table:
    """One row per signatory; cells wrap, so long titles never run into the next column."""
    head, cell = _style("th", BOLD, 9, textColor=white), _style("td", REGULAR, 9)
    shares = (0.16, 0.14, 0.2, 0.26, 0.11, 0.13)
    lines = [signatories.columns]
    lines += [(s.city, s.country, s.name, s.title, s.date, s.method) for s in signatories.rows]
    rows = [
        reading_order([paragraph(v, head if i == 0 else cell, rtl=rtl) for v in line], rtl)
        for i, line in enumerate(lines)
    ]
    widths = reading_order([width * share for share in shares], rtl)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_table_style())
    return table


def _table_style() -> TableStyle:
    """A header row in the forum's blue, light stripes, a rule under each row."""
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), INK),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, STRIPE]),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
    )
