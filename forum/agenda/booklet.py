"""The printed programme: a cover, then each day's sessions (pure ReportLab platypus).

Callers pass plain dataclasses already worded in the reader's language; this module only
lays them out, with the badges' vendored DejaVu fonts embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

from forum.pdf_fonts import BOLD, REGULAR, document, markup
from forum.pdf_pages import draw_footer, numbered_canvas
from forum.pdf_paragraph import paragraph
from forum.pdf_text import needs_layout, rtl_language

INK = HexColor("#1F4E79")
GREY = HexColor("#555555")
MARGIN = 14 * mm


@dataclass(frozen=True)
class BookletItem:
    """One session as printed."""

    times: str  # start and end, as the reader writes them
    title: str
    details: str  # kind · theme · room
    people: tuple[str, ...] = ()  # "Moderator: …", one line per role
    description: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class BookletDay:
    """One day's heading and its sessions in time order."""

    heading: str
    items: tuple[BookletItem, ...]


@dataclass(frozen=True)
class Booklet:
    """The whole programme in one language."""

    language: str
    forum_name: str
    title: str
    edition_line: str  # "5th edition · Marrakech, Morocco"
    dates: str
    venue: str
    zone_note: str  # times are in … (said once)
    footer: str  # on every page, before the page number
    page_label: str  # "Page %(page)s of %(pages)s", already translated
    cancelled_label: str
    days: tuple[BookletDay, ...] = field(default_factory=tuple)
    empty_note: str = ""


def _style(name: str, size: float, *, font: str = REGULAR, **values: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, **values)


STYLES = {
    "forum": _style("forum", 11, textColor=INK, alignment=1),
    "cover_title": _style("cover_title", 20, font=BOLD, textColor=INK, alignment=1, spaceAfter=6),
    "cover_line": _style("cover_line", 11, alignment=1, spaceAfter=3),
    "day": _style("day", 13, font=BOLD, textColor=INK, spaceBefore=4, spaceAfter=4),
    "time": _style("time", 9, font=BOLD, textColor=INK),
    "title": _style("title", 10, font=BOLD),
    "details": _style("details", 8, textColor=GREY),
    "people": _style("people", 8.5),
    "text": _style("text", 8.5, spaceAfter=2),
    "note": _style("note", 8.5, textColor=GREY, alignment=1),
}


def booklet_pdf(booklet: Booklet) -> bytes:
    """The programme as an A5 PDF, its pages numbered "n of N"."""
    out = io.BytesIO()
    doc = document(
        out,
        pagesize=A5,
        margin=MARGIN,
        bottom=MARGIN + 4 * mm,
        title=booklet.title,
        author=booklet.forum_name,
        language=booklet.language,
    )
    doc.build(_story(booklet), canvasmaker=_numbered_canvas(booklet))
    return out.getvalue()


def _story(booklet: Booklet) -> list[Flowable]:
    rtl = rtl_language(booklet.language)
    story = _cover(booklet, rtl)
    for day in booklet.days:
        story += [CondPageBreak(40 * mm), paragraph(day.heading, STYLES["day"], rtl=rtl)]
        story += [_item(item, booklet.cancelled_label, rtl) for item in day.items]
    if not booklet.days and booklet.empty_note:
        story.append(paragraph(booklet.empty_note, STYLES["note"], rtl=rtl))
    return story


def _cover(booklet: Booklet, rtl: bool) -> list[Flowable]:
    lines = [booklet.edition_line, booklet.dates, booklet.venue]
    return [
        Spacer(1, 45 * mm),
        paragraph(booklet.forum_name, STYLES["forum"], rtl=rtl),
        Spacer(1, 6 * mm),
        paragraph(booklet.title, STYLES["cover_title"], rtl=rtl),
        *(paragraph(line, STYLES["cover_line"], rtl=rtl) for line in lines if line),
        Spacer(1, 20 * mm),
        paragraph(booklet.zone_note, STYLES["note"], rtl=rtl),
        PageBreak(),
    ]


def _item(item: BookletItem, cancelled_label: str, rtl: bool) -> KeepTogether:
    parts: list[Flowable] = [
        paragraph(item.times, STYLES["time"], rtl=rtl),
        _title(item, cancelled_label, rtl),
    ]
    if item.details:
        parts.append(paragraph(item.details, STYLES["details"], rtl=rtl))
    parts += [paragraph(line, STYLES["people"], rtl=rtl) for line in item.people]
    if item.description:
        parts.append(paragraph(item.description, STYLES["text"], rtl=rtl))
    parts.append(Spacer(1, 3 * mm))
    return KeepTogether(parts)


def _title(item: BookletItem, cancelled_label: str, rtl: bool) -> Flowable:
    """The item's title, struck through with the word for it when the item is cancelled."""
    if not item.cancelled:
        return paragraph(item.title, STYLES["title"], rtl=rtl)
    if rtl or needs_layout(item.title):
        # Drawn run by run (right-to-left title or page), with no strike: the word says it.
        return paragraph(f"{item.title} · {cancelled_label}", STYLES["title"], rtl=rtl)
    title = f"<strike>{markup(item.title)}</strike> · {markup(cancelled_label)}"
    return Paragraph(title, STYLES["title"])


def _numbered_canvas(booklet: Booklet) -> type[Canvas]:
    """The canvas that prints the booklet's footer, "page n of N", on each page."""

    def footer(canvas: Canvas, page: int, total: int) -> None:
        label = booklet.page_label % {"page": page, "pages": total}
        ends = (MARGIN, A5[0] - MARGIN, MARGIN - 2 * mm)
        draw_footer(canvas, ends, (booklet.footer, label), booklet.language, GREY)

    return numbered_canvas(footer)
