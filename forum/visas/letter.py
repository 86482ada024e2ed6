"""The invitation letter as a PDF (pure ReportLab): letterhead, the text in the delegate's
language, the signatory, and the code and QR a consulate uses to check it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from forum.pdf_fonts import BOLD, REGULAR, document, markup
from forum.pdf_paragraph import paragraph, reading_order
from forum.pdf_text import needs_layout, rtl_language
from forum.qr import QUIET_ZONE, dark_runs, qr_matrix

INK = HexColor("#1F4E79")
GREY = HexColor("#555555")
MARGIN = 22 * mm
QR_SIDE = 32 * mm


@dataclass(frozen=True)
class LetterText:
    """Everything the letter says, already in the reader's language."""

    language: str
    letterhead: str  # the forum's name
    edition: str  # the edition, its place and dates
    place_and_date: str  # "Marrakech, 1 November 2018"
    addressee: str  # "To the Embassy or Consulate in …"
    subject: str
    paragraphs: tuple[str, ...]
    signatory_name: str
    signatory_title: str
    verify_caption: str  # "Check this letter at … with the code …"
    verify_url: str
    code: str  # as printed: "ABCD-EFGH-JKMN"


class QrCode(Flowable):
    """A QR symbol drawn as vector rectangles, quiet zone included."""

    def __init__(self, text: str, side: float) -> None:
        super().__init__()
        self.matrix = qr_matrix(text)
        self.width = self.height = side

    def draw(self) -> None:
        """Draw the dark modules as one filled path."""
        unit = self.width / (len(self.matrix) + 2 * QUIET_ZONE)
        canvas = self.canv
        canvas.saveState()
        canvas.transform(unit, 0, 0, -unit, QUIET_ZONE * unit, self.height - QUIET_ZONE * unit)
        canvas.setFillColor(black)
        runs = " ".join(f"{col} {row} {length} 1 re" for row, col, length in dark_runs(self.matrix))
        canvas.addLiteral(f"{runs} f")
        canvas.restoreState()


def _style(name: str, size: float, *, font: str = REGULAR, **values: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.4, **values)


def letter_pdf(text: LetterText) -> bytes:
    """The letter as one A4 PDF page."""
    out = io.BytesIO()
    doc = document(
        out,
        pagesize=A4,
        margin=MARGIN,
        bottom=MARGIN,
        title=text.subject,
        author=text.letterhead,
        language=text.language,
    )
    doc.build(_story(text))
    return out.getvalue()


def _story(text: LetterText) -> list[Flowable]:
    body = _style("body", 10.5, spaceAfter=3 * mm)
    rtl = rtl_language(text.language)
    story: list[Flowable] = [
        paragraph(text.letterhead, _style("head", 15, font=BOLD, textColor=INK), rtl=rtl),
        paragraph(text.edition, _style("edition", 9.5, textColor=GREY), rtl=rtl),
        Spacer(1, 10 * mm),
        paragraph(text.place_and_date, _style("date", 10.5, alignment=2), rtl=rtl),
        Spacer(1, 6 * mm),
        paragraph(text.addressee, body, rtl=rtl),
        paragraph(text.subject, _style("subject", 11, font=BOLD, spaceAfter=4 * mm), rtl=rtl),
    ]
    story += [paragraph(part, body, rtl=rtl) for part in text.paragraphs]
    story += [
        Spacer(1, 8 * mm),
        paragraph(text.signatory_name, _style("signatory", 10.5, font=BOLD), rtl=rtl),
        paragraph(text.signatory_title, body, rtl=rtl),
        Spacer(1, 10 * mm),
        _verification(text, rtl),
    ]
    return story


def _verification(text: LetterText, rtl: bool) -> Table:
    """The QR code beside the words and code to check the letter with (mirrored from the right)."""
    style = _style("verify", 9, textColor=GREY)
    caption: Flowable | list[Flowable] = Paragraph(
        f"{markup(text.verify_caption)}<br/><b>{markup(text.code)}</b><br/>"
        f"{markup(text.verify_url)}",
        style,
    )
    if rtl or needs_layout(text.verify_caption):
        code = _style("verify-code", 9, font=BOLD, textColor=GREY)
        lines = ((text.verify_caption, style), (text.code, code), (text.verify_url, style))
        caption = [paragraph(line, line_style, rtl=rtl) for line, line_style in lines]
    cells = reading_order([QrCode(text.verify_url, QR_SIDE), caption], rtl)
    table = Table([cells], colWidths=reading_order([QR_SIDE + 4 * mm, None], rtl))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table
