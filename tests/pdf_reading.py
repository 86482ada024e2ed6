"""Reading the PDFs the app writes, with pure-pip readers that share nothing with ReportLab.

pypdf reads the file's structure: pages, their sizes, the images they hold. PDFium (pypdfium2)
places every glyph and rasterises pages as a printer would, so text is read in the order it
stands on the page and a QR code is decoded from pixels, not from what we meant to draw.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise

import pypdf
import pypdfium2 as pdfium
import zxingcpp

# The resolution these tests always rasterised at: the smallest QR (a card's, 30 mm for 37
# modules) gets ~5 px a module, enough for zxing-cpp and close to what a badge printer resolves.
QR_DPI = 150
POINTS_PER_INCH = 72
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
# A4 rows of badges are 148 mm (~870 px at 150 dpi) apart; codes in one row differ by far less.
ROW_PIXELS = 200
# Words are a space (a third of an em) apart; table columns and a footer's two ends are
# parted by more than an em, so a wider gap starts a new cell.
CELL_GAP_EMS = 1.0
# Between cells of a laid-out line, so that splitting at two or more spaces finds them again.
CELL_SEPARATOR = "    "


@dataclass(frozen=True)
class Word:
    """A run of glyphs without a space, and the box its advances span, in points."""

    text: str
    left: float
    right: float
    bottom: float
    top: float
    size: float  # the font size, one em

    @property
    def middle(self) -> float:
        """Halfway up the word's box."""
        return (self.bottom + self.top) / 2


def _reader(pdf: bytes) -> pypdf.PdfReader:
    """pypdf's reader of these bytes."""
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_count(pdf: bytes) -> int:
    """How many pages the PDF has."""
    return len(_reader(pdf).pages)


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of each page's media box."""
    return [
        (float(page.mediabox.width), float(page.mediabox.height)) for page in _reader(pdf).pages
    ]


def page_images(pdf: bytes) -> list[list[str]]:
    """The raster images each page draws: from its resources, its forms, or inline."""
    return [[str(image.name) for image in page.images] for page in _reader(pdf).pages]


def image_streams(pdf: bytes) -> int:
    """How many image objects the file holds anywhere, drawn or not."""
    reader = _reader(pdf)
    objects = (
        reader.get_object(pypdf.generic.IndirectObject(number, generation, reader))
        for generation, numbers in reader.xref.items()
        for number in numbers
    )
    return sum(
        isinstance(each, pypdf.generic.StreamObject) and each.get("/Subtype") == "/Image"
        for each in objects
    )


@contextmanager
def _pdfium_pages(pdf: bytes) -> Iterator[list[pdfium.PdfPage]]:
    """PDFium's pages of these bytes, closed with their document afterwards."""
    document = pdfium.PdfDocument(pdf)
    try:
        yield list(document)
    finally:
        document.close()


# A glyph as PDFium places it: its character, its (left, bottom, right, top) box, its font size.
Glyph = tuple[str, tuple[float, float, float, float], float]


def _words_of(page: pdfium.PdfPage) -> list[Word]:
    """The page's words in drawing order, split where PDFium reads a space or a line break."""
    text_page = page.get_textpage()
    words: list[Word] = []
    glyphs: list[Glyph] = []
    for index in range(text_page.count_chars()):
        char = chr(pdfium.raw.FPDFText_GetUnicode(text_page, index))
        if char.isspace():
            words += _word(glyphs)
            glyphs = []
        else:
            # The loose box spans the glyph's advance and the font's height, as layout measures.
            box = text_page.get_charbox(index, loose=True)
            glyphs.append((char, box, pdfium.raw.FPDFText_GetFontSize(text_page, index)))
    return words + _word(glyphs)


def _word(glyphs: list[Glyph]) -> list[Word]:
    """The word these glyphs spell, if there are any."""
    if not glyphs:
        return []
    boxes = [box for _char, box, _size in glyphs]
    return [
        Word(
            text="".join(char for char, _box, _size in glyphs),
            left=min(box[0] for box in boxes),
            bottom=min(box[1] for box in boxes),
            right=max(box[2] for box in boxes),
            top=max(box[3] for box in boxes),
            size=max(size for _char, _box, size in glyphs),
        )
    ]


def page_words(pdf: bytes) -> list[list[Word]]:
    """Every page's words, with where they stand."""
    with _pdfium_pages(pdf) as pages:
        return [_words_of(page) for page in pages]


def word_rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped by the line they stand on, top line first, each line left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: -w.middle):
        if rows and rows[-1][0].bottom < word.middle < rows[-1][0].top:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.left) for row in rows]


def _cells(row: list[Word]) -> list[str]:
    """A line's words joined into cells, a new one wherever the gap is wider than an em."""
    cells = [[row[0]]]
    for before, word in pairwise(row):
        if word.left - before.right > CELL_GAP_EMS * max(before.size, word.size):
            cells.append([])
        cells[-1].append(word)
    return [" ".join(word.text for word in cell) for cell in cells]


def pdf_cells(pdf: bytes, page: int | None = None) -> list[list[str]]:
    """Each printed line of one page (from 1) or all, top to bottom, as its cells."""
    pages = page_words(pdf)
    chosen = pages if page is None else [pages[page - 1]]
    return [_cells(row) for words in chosen for row in word_rows(words)]


def pdf_lines(pdf: bytes, *, page: int | None = None, layout: bool = False) -> list[str]:
    """The text in reading order: a line per cell, or with ``layout`` a line per printed line.

    Laid out, a line's cells are parted by several spaces, as a layout text dump parts columns.
    Text standing side by side (two badges of an A4 row) shares a printed line.
    """
    rows = pdf_cells(pdf, page)
    if layout:
        return [CELL_SEPARATOR.join(cells) for cells in rows]
    return [cell for cells in rows for cell in cells]


def word_boxes(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """(word, left, right, page width) in points of every word on every page."""
    widths = [width for width, _height in page_sizes(pdf)]
    return [
        (word.text, word.left, word.right, width)
        for words, width in zip(page_words(pdf), widths, strict=True)
        for word in words
    ]


def qr_codes_by_page(pdf: bytes, dpi: int = QR_DPI) -> list[list[str]]:
    """The QR texts on each page rasterised by PDFium, top row first, left to right."""
    with _pdfium_pages(pdf) as pages:
        return [
            _qr_codes(page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)) for page in pages
        ]


def _qr_codes(bitmap: pdfium.PdfBitmap) -> list[str]:
    """The QR texts zxing-cpp finds in one rendered page, in reading order."""
    found = zxingcpp.read_barcodes(bitmap.to_pil(), formats=QR_ONLY)
    found.sort(key=lambda code: (code.position.top_left.y // ROW_PIXELS, code.position.top_left.x))
    return [code.text for code in found]


def qr_spans(pdf: bytes, dpi: int = QR_DPI) -> list[tuple[str, float, float]]:
    """(text, left, right) in points of each QR code on the first page, as zxing-cpp finds it
    in PDFium's rendering."""
    with _pdfium_pages(pdf) as pages:
        bitmap = pages[0].render(scale=dpi / POINTS_PER_INCH, grayscale=True)
        found = zxingcpp.read_barcodes(bitmap.to_pil(), formats=QR_ONLY)
    points = POINTS_PER_INCH / dpi
    spans = []
    for code in found:
        corners = (code.position.top_left, code.position.top_right, code.position.bottom_left)
        xs = [corner.x * points for corner in corners]
        spans.append((code.text, min(xs), max(xs)))
    return spans


def decode_qr_codes(pdf: bytes) -> list[str]:
    """The QR texts of all pages, in reading order, at the dpi a badge printer would use."""
    return [text for page in qr_codes_by_page(pdf) for text in page]
