"""Badge PDFs: A6 badges, A4 sheets of four with cut marks, ID-1 cards (pure ReportLab).

The QR code is drawn as vector rectangles, so it stays sharp at any printer resolution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import BinaryIO

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forum.badges.typesetting import FittedText, fit_text
from forum.pdf_fonts import BOLD, REGULAR, register_fonts
from forum.pdf_text import draw_line
from forum.qr import QUIET_ZONE, dark_runs, qr_matrix

CARD = (85.6 * mm, 54 * mm)  # ISO/IEC 7810 ID-1, what badge card printers take
NAME_LINES = 3  # at the smallest legible size, three lines hold any name we have seen
GREY = HexColor("#555555")


@dataclass(frozen=True)
class BadgeFace:
    """Everything printed on one badge, as plain text."""

    name: str
    position: str
    city: str
    country: str
    category_label: str
    category_colour: str  # "#RRGGBB"
    edition_label: str
    qr_text: str
    role: str = ""  # "Speaker", "Moderator"…: shown in the band beside the category
    direction: str = "ltr"  # the badge's language's: "rtl" mirrors a card (QR left, text right)


@dataclass(frozen=True)
class Design:
    """Where things go on a badge, in points from its lower-left corner."""

    band_height: float
    qr: tuple[float, float, float]  # x, y, side (the side includes the quiet zone)
    text: tuple[float, float, float]  # x, top, width of the text column
    centred: bool
    sizes: dict[str, tuple[float, float]]  # field: (max, min) font size
    rtl: bool = False  # lines set right to left, hanging from the column's right edge


PORTRAIT = Design(
    band_height=18 * mm,
    qr=(29.5 * mm, 22 * mm, 46 * mm),
    text=(8 * mm, 140 * mm, 89 * mm),
    centred=True,
    sizes={
        "edition": (9, 6),
        # 14 pt is read at arm's length; a longer name takes a third line rather than less.
        "name": (28, 14),
        "position": (12, 8),
        "place": (12, 8),
        "category": (16, 9),
    },
)
LANDSCAPE = Design(
    band_height=9 * mm,
    qr=(51.6 * mm, 12 * mm, 30 * mm),
    text=(4 * mm, 50 * mm, 45.6 * mm),
    centred=False,
    sizes={
        "edition": (6, 4.5),
        "name": (13, 8),  # a card is read closer, and has little room
        "position": (7, 5.5),
        "place": (7.5, 5.5),
        "category": (9, 6),
    },
)


@dataclass(frozen=True)
class Layout:
    """A page size and where its badges sit on it."""

    page: tuple[float, float]
    badge: tuple[float, float]
    design: Design
    slots: tuple[tuple[float, float], ...]  # lower-left corners, in reading order
    cut_marks: bool = False


_A4_GAP = (A4[1] - 2 * A6[1]) / 2  # 0.5 mm above and below the two rows
LAYOUTS = {
    "a6": Layout(page=A6, badge=A6, design=PORTRAIT, slots=((0, 0),)),
    "a4": Layout(
        page=A4,
        badge=A6,
        design=PORTRAIT,
        slots=tuple((x, y + _A4_GAP) for y in (A6[1], 0) for x in (0, A6[0])),
        cut_marks=True,
    ),
    "card": Layout(page=CARD, badge=CARD, design=LANDSCAPE, slots=((0, 0),)),
}


def write_badges(
    faces: Iterable[BadgeFace],
    out: BinaryIO,
    layout: str = "a4",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Draw the badges into ``out`` page by page; returns how many were drawn.

    ``faces`` is consumed lazily, one page at a time; ``progress`` hears the running total.
    """
    spec = LAYOUTS[layout]
    pdf = _canvas(out, spec)
    count = 0
    for page in _pages(faces, len(spec.slots)):
        for face, (x, y) in zip(page, spec.slots, strict=False):
            draw_badge(pdf, face, x, y, spec)
        if spec.cut_marks:
            draw_cut_marks(pdf, spec)
        pdf.showPage()
        count += len(page)
        if progress is not None:
            progress(count)
    pdf.save()
    return count


def _canvas(out: BinaryIO, spec: Layout) -> Canvas:
    """A compressed PDF canvas of the layout's page size, fonts ready."""
    register_fonts()
    pdf = Canvas(out, pagesize=spec.page, pageCompression=1)
    pdf.setTitle("Badges")
    pdf.setAuthor("Mayoral Forum")
    pdf.setCreator("forum")
    return pdf


def _pages(faces: Iterable[BadgeFace], per_page: int) -> Iterator[list[BadgeFace]]:
    """The faces in lists of ``per_page``, read from ``faces`` only as pages are drawn."""
    iterator = iter(faces)
    while page := list(islice(iterator, per_page)):
        yield page


def draw_badge(pdf: Canvas, face: BadgeFace, x: float, y: float, spec: Layout) -> FittedText:
    """Draw one badge with its lower-left corner at (x, y); returns how the name was set."""
    design = mirrored(spec.design, spec.badge[0]) if face.direction == "rtl" else spec.design
    pdf.saveState()
    pdf.translate(x, y)
    _draw_band(pdf, face, spec.badge[0], design)
    qr_x, qr_y, side = design.qr
    draw_qr(pdf, qr_matrix(face.qr_text), qr_x, qr_y, side)
    name = _draw_text(pdf, face, design)
    pdf.restoreState()
    return name


def mirrored(design: Design, width: float) -> Design:
    """The design seen in a mirror, for a language written right to left: a card's text
    column moves right of its QR code and its lines hang from the right edge."""
    qr_x, qr_y, side = design.qr
    text_x, top, text_width = design.text
    return replace(
        design,
        qr=(width - qr_x - side, qr_y, side),
        text=(width - text_x - text_width, top, text_width),
        rtl=True,
    )


def _draw_band(pdf: Canvas, face: BadgeFace, width: float, design: Design) -> None:
    """The category's colour across the foot of the badge, its name written on it."""
    colour = HexColor(face.category_colour)
    pdf.setFillColor(colour)
    pdf.rect(0, 0, width, design.band_height, stroke=0, fill=1)
    max_size, min_size = design.sizes["category"]
    words = f"{face.category_label} · {face.role}" if face.role else face.category_label
    label = fit_text(
        words.upper(),
        BOLD,
        width - 2 * design.text[0],
        max_size=max_size,
        min_size=min_size,
        max_lines=1,
    )
    pdf.setFillColor(_ink_on(colour))
    baseline = (design.band_height - label.size * 0.7) / 2  # cap height ≈ 0.7 em
    base = 1 if design.rtl else None
    draw_line(pdf, width / 2, baseline, label.lines[0], BOLD, label.size, "centre", base)


def _ink_on(colour: Color) -> Color:
    """Black or white, whichever reads better on ``colour``."""
    luminance = 0.2126 * colour.red + 0.7152 * colour.green + 0.0722 * colour.blue
    return black if luminance > 0.6 else white


def _draw_text(pdf: Canvas, face: BadgeFace, design: Design) -> FittedText:
    """The edition, name, position and place, flowing down from the top of the column."""
    x, top, width = design.text
    place = f"{face.city}, {face.country}" if face.country else face.city
    # (size key, text, font, colour, most lines, space after in multiples of the size);
    # a name is never cut: it takes more lines, and only past them a smaller size.
    fields = (
        ("edition", face.edition_label, BOLD, GREY, 1, 2.0),
        ("name", face.name, BOLD, black, NAME_LINES, 0.6),
        ("position", face.position, REGULAR, black, 2, 0.4),
        ("place", place, BOLD, black, 2, 0),
    )
    fitted: dict[str, FittedText] = {}
    for key, text, font, colour, max_lines, gap_after in fields:
        max_size, min_size = design.sizes[key]
        text_set = fit_text(
            text,
            font,
            width,
            max_size=max_size,
            min_size=min_size,
            max_lines=max_lines,
            cut=key != "name",
        )
        top = _draw_lines(pdf, text_set, font, colour, (x, top, width), design)
        top -= gap_after * text_set.size
        fitted[key] = text_set
    return fitted["name"]


def _draw_lines(
    pdf: Canvas,
    text: FittedText,
    font: str,
    colour: Color,
    column: tuple[float, float, float],
    design: Design,
) -> float:
    """Draw lines below the column's top; returns the new top, under the last line."""
    x, top, width = column
    base = 1 if design.rtl else None
    pdf.setFillColor(colour)
    for line in text.lines:
        top -= text.size * 1.15
        if design.centred:
            draw_line(pdf, x + width / 2, top, line, font, text.size, "centre", base)
        elif design.rtl:
            draw_line(pdf, x + width, top, line, font, text.size, "right", base)
        else:
            draw_line(pdf, x, top, line, font, text.size)
    return top


def draw_qr(pdf: Canvas, matrix: list[list[bool]], x: float, y: float, side: float) -> None:
    """The QR symbol as one filled path of rectangles, quiet zone included in ``side``."""
    unit = side / (len(matrix) + 2 * QUIET_ZONE)
    pdf.saveState()
    # Coordinates in modules from the symbol's top-left corner, rows downwards as stored.
    pdf.transform(unit, 0, 0, -unit, x + QUIET_ZONE * unit, y + side - QUIET_ZONE * unit)
    pdf.setFillColor(black)
    # One path of whole-number rectangles, written as PDF operators: no hairline seams
    # between modules when rasterised, and ~200 rectangles a badge cost nothing, where
    # ReportLab's path API formats each number through its pure-Python float printer.
    runs = " ".join(f"{column} {row} {length} 1 re" for row, column, length in dark_runs(matrix))
    pdf.addLiteral(f"{runs} f")
    pdf.restoreState()


def draw_cut_marks(pdf: Canvas, spec: Layout) -> None:
    """Marks at both ends of every line where two badges meet, for the guillotine."""
    page_width, page_height = spec.page
    badge_width, badge_height = spec.badge
    xs = {x for x, _ in spec.slots} & {x + badge_width for x, _ in spec.slots}
    ys = {y for _, y in spec.slots} & {y + badge_height for _, y in spec.slots}
    # Long enough to show past the few millimetres most printers leave blank at the edge.
    length = 10 * mm
    pdf.setStrokeColor(black)
    pdf.setLineWidth(0.3)
    for x in sorted(xs):
        pdf.line(x, 0, x, length)
        pdf.line(x, page_height - length, x, page_height)
    for y in sorted(ys):
        pdf.line(0, y, length, y)
        pdf.line(page_width - length, y, page_width, y)
