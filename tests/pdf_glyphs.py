"""Which glyphs a PDF draws, told apart by their outlines, next to HarfBuzz's shaping.

pypdf reads the content stream (the fonts chosen, where each text object starts, the byte
codes drawn); fontTools opens the font subset the PDF embeds and turns every code into its
outline, with composite glyphs resolved. The same outlines come from the vendored font for
the glyph ids HarfBuzz shapes a text into, so a test compares what was drawn with what
should have been, without trusting the code that drew it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pypdf
import uharfbuzz
from fontTools.ttLib import TTFont
from pypdf.generic import ContentStream

FONTS = Path(__file__).resolve().parent.parent / "forum" / "fonts"
Outline = tuple[tuple[tuple[float, float], ...], tuple[int, ...]]


@dataclass(frozen=True)
class DrawnRun:
    """One string drawn in one font from one start point, as the outlines of its glyphs."""

    font: str  # the font's name, without the subset's prefix
    x: float
    y: float
    glyphs: tuple[Outline, ...]


def _outline(font: TTFont, name: str) -> Outline:
    glyf = font["glyf"]
    coordinates, ends, _flags = glyf[name].getCoordinates(glyf)
    return tuple((float(x), float(y)) for x, y in coordinates), tuple(ends)


def _subset(font_dict: pypdf.generic.DictionaryObject) -> tuple[str, TTFont]:
    name = str(font_dict["/BaseFont"]).lstrip("/").split("+", 1)[-1]
    data = font_dict["/FontDescriptor"]["/FontFile2"].get_data()
    return name, TTFont(io.BytesIO(data))


def _codes(operands: list) -> bytes:
    """The bytes a Tj or TJ draws (a TJ's numbers only move the pen)."""
    parts = operands[0] if isinstance(operands[0], list) else operands[:1]
    out = b""
    for part in parts:
        if isinstance(part, bytes | str):
            out += getattr(part, "original_bytes", part)
    return out


def drawn_runs(pdf: bytes, page: int = 0) -> list[DrawnRun]:
    """Every string the page draws, in the order drawn."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    sheet = reader.pages[page]
    resources = sheet["/Resources"]["/Font"]
    fonts: dict[str, tuple[str, TTFont]] = {}
    runs: list[DrawnRun] = []
    current, x, y = "", 0.0, 0.0
    for operands, operator in ContentStream(sheet.get_contents(), reader).operations:
        if operator == b"Tf":
            current = str(operands[0])
        elif operator == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif operator in {b"Tj", b"TJ"}:
            if current not in fonts:
                fonts[current] = _subset(resources[current].get_object())
            name, font = fonts[current]
            cmap = font["cmap"].tables[0].cmap
            glyphs = tuple(_outline(font, cmap[code]) for code in _codes(operands))
            runs.append(DrawnRun(name, x, y, glyphs))
    return runs


def _font(file: str) -> TTFont:
    return TTFont(FONTS / file)


def shaped(text: str, file: str) -> tuple[Outline, ...]:
    """HarfBuzz's glyphs for the text in the font, left to right as they print."""
    blob = uharfbuzz.Blob((FONTS / file).read_bytes())
    font = uharfbuzz.Font(uharfbuzz.Face(blob))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {})
    tt = _font(file)
    order = tt.getGlyphOrder()
    return tuple(_outline(tt, order[info.codepoint]) for info in buffer.glyph_infos)


def nominal(text: str, file: str) -> tuple[Outline, ...]:
    """Each character's own glyph, in logical order: text drawn with no shaping at all."""
    tt = _font(file)
    cmap = tt.getBestCmap()
    return tuple(_outline(tt, cmap[ord(char)]) for char in text)


def glyphs_in(runs: list[DrawnRun], font: str) -> tuple[Outline, ...]:
    """The glyphs drawn in one font, run after run."""
    return tuple(glyph for run in runs if run.font == font for glyph in run.glyphs)
