"""One line of mixed-script text for a PDF: Arabic shaped and right to left, Latin as before.

A line is cut into runs of one embedding level and one font (Latin letters in DejaVu, Arabic
in Noto Sans Arabic), the runs put in visual order (``forum.pdf_bidi``), and every
right-to-left or Arabic run shaped by HarfBuzz through ReportLab's shaped strings, so letters
join and glyphs come out in visual order. Text with no right-to-left character takes none of
this: it is measured and drawn exactly as ReportLab always did.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas

from forum.pdf_bidi import embedding_levels, visual_order
from forum.pdf_fonts import ARABIC, register_fonts

# Arabic, Arabic Supplement, Extended-A/B, Presentation Forms A and B.
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Every block with right-to-left letters or digits (Hebrew to Arabic Extended-A, the Hebrew and
# Arabic presentation forms, the supplementary planes' right-to-left blocks), as a quick test
# that most text, in Latin script, fails.
_LAYOUT_BLOCKS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_NEUTRAL = frozenset({"WS", "ON", "CS", "ES", "ET", "NSM", "BN", "S", "B"})
_FEATURES = {"kern": True, "liga": True}
# Languages whose documents read from the right: their pages are mirrored.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ps", "ur", "yi"})


@dataclass(frozen=True)
class Run:
    """Part of a line in one font and one direction; ``drawn`` is what the canvas gets."""

    text: str
    font: str
    rtl: bool
    drawn: str

    def width(self, size: float) -> float:
        """The run's advance in points at ``size``."""
        if isinstance(self.drawn, ShapedStr):
            return sum(data.x_advance for data in self.drawn.__shapeData__) * size / 1000
        return float(pdfmetrics.stringWidth(self.drawn, self.font, size))


def rtl_language(language: str) -> bool:
    """Whether a document in this language (``ar``, ``ar_MA``, ``fa-IR``) reads right to left."""
    return language.replace("-", "_").split("_")[0].lower() in RTL_LANGUAGES


def is_arabic(char: str) -> bool:
    """Whether the character is of the Arabic script (drawn in the Arabic font)."""
    return _ARABIC.match(char) is not None


def needs_layout(text: str) -> bool:
    """Whether the text needs runs (right to left, or Arabic), or prints as a plain string."""
    return _LAYOUT_BLOCKS.search(text) is not None


def font_for(char: str, font: str) -> str:
    """The font that draws the character where the text asks for ``font``."""
    return ARABIC.get(font, font) if is_arabic(char) else font


@functools.cache
def glyphs(font: str) -> frozenset[int]:
    """The code points the font's character map gives a glyph."""
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def drawable(char: str, font: str) -> bool:
    """Whether the character has a glyph in the font that would draw it."""
    return ord(char) in glyphs(font_for(char, font))


@functools.lru_cache(maxsize=4096)
def runs(text: str, font: str, base: int | None = None) -> tuple[Run, ...]:
    """The line's runs, from left to right as they print (shaped once, at any size).

    ``base`` is the line's direction (1: right to left) where the document sets it; by
    default the first letter of the line decides.
    """
    # Fitting a badge name measures the same few lines at many sizes: shape each once.
    register_fonts()
    if not _laid_out(text, base):
        return (Run(text, font, False, text),) if text else ()
    levels = embedding_levels(text, base)
    fonts = _fonts(text, font)
    pieces: list[tuple[int, str, str]] = []  # (level, font, logical text)
    for char, level, name in zip(text, levels, fonts, strict=True):
        if pieces and pieces[-1][:2] == (level, name):
            pieces[-1] = (level, name, pieces[-1][2] + char)
        else:
            pieces.append((level, name, char))
    order = visual_order([level for level, _, _ in pieces])
    return tuple(_run(*pieces[i]) for i in order)


def _laid_out(text: str, base: int | None) -> bool:
    """Whether the line goes through runs, or prints as one plain string as it always did."""
    return base == 1 or needs_layout(text)


def _fonts(text: str, font: str) -> list[str]:
    """Each character's font; spaces and punctuation follow the letter before them."""
    fonts = [font_for(char, font) for char in text]
    kinds = [unicodedata.bidirectional(char) for char in text]
    # Before the first letter, punctuation follows the first letter instead.
    anchor = next((i for i, kind in enumerate(kinds) if kind not in _NEUTRAL), None)
    for i, (char, kind) in enumerate(zip(text, kinds, strict=True)):
        if kind not in _NEUTRAL:
            anchor = i
        elif anchor is not None and not is_arabic(char) and ord(char) in glyphs(fonts[anchor]):
            fonts[i] = fonts[anchor]
    return fonts


def _run(level: int, font: str, text: str) -> Run:
    """A run, shaped when it reads right to left or is in the Arabic font."""
    rtl = level % 2 == 1
    if rtl or font in ARABIC.values():
        return Run(text, font, rtl, shape(text, font, rtl=rtl))
    return Run(text, font, rtl, text)


def shape(text: str, font: str, *, rtl: bool) -> ShapedStr:
    """HarfBuzz's glyphs for the text, in visual order, as a string ReportLab draws as is.

    Glyphs with no character of their own (ligatures, contextual forms missing from the
    character map) get a private-use code through ReportLab, as its own shaping does.
    """
    ttf = pdfmetrics.getFont(font)
    assert isinstance(ttf, TTFont)
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    hb_font = ttf.hbFont(1000)
    uharfbuzz.shape(hb_font, buffer, _FEATURES)
    chars: list[str] = []
    data: list[ShapeData] = []
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
        gid = info.codepoint
        known = ttf.face.glyphToChar.get(gid)
        scale = ttf.pdfScale
        if known:
            code = known[0]
        else:
            own_advance = scale(hb_font.get_glyph_h_advance(gid))
            code = ttf.hbAddPrivate(hb_font.glyph_to_string(gid), gid, own_advance)
        advance = scale(position.x_advance)
        width = ttf.face.charWidths.get(code, advance)
        offsets = scale(position.x_offset), scale(position.y_offset)
        chars.append(chr(code))
        data.append(ShapeData(info.cluster, advance, 0, *offsets, width))
    return ShapedStr("".join(chars), shapeData=data)


def line_width(text: str, font: str, size: float, base: int | None = None) -> float:
    """The printed width of one line in points, shaped where it must be."""
    if not _laid_out(text, base):
        return float(pdfmetrics.stringWidth(text, font, size))
    return sum(run.width(size) for run in runs(text, font, base))


def draw_line(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    align: str = "left",
    base: int | None = None,
) -> None:
    """Draw one line with its left edge, centre or right edge (``align``) at ``x``."""
    width = line_width(text, font, size, base)
    start = {"left": x, "centre": x - width / 2, "right": x - width}[align]
    if not _laid_out(text, base):
        canvas.setFont(font, size)
        canvas.drawString(start, y, text)
        return
    canvas.saveState()
    for run in runs(text, font, base):
        canvas.setFont(run.font, size)
        canvas.drawString(start, y, run.drawn)
        start += run.width(size)
    canvas.restoreState()
