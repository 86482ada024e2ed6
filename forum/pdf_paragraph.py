"""Paragraphs for the platypus PDFs that may hold Arabic, wrapped and drawn by ``pdf_text``.

ReportLab's Paragraph shapes words but lays them out left to right only (its bidi needs a
package not on PyPI), so text with Arabic or another right-to-left script goes to a small
flowable that breaks lines in logical order and then draws each one as ``pdf_text`` orders
it (rules L1 to L2 of the bidi algorithm apply per line). In a right-to-left document every
paragraph reads from the right and hangs on the right edge, Latin text too. Other text stays a
Paragraph, as it always was.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any, TypeVar

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from forum.pdf_bidi import base_level
from forum.pdf_fonts import markup, register_fonts
from forum.pdf_text import draw_line, line_width, needs_layout

T = TypeVar("T")


def paragraph(text: str, style: ParagraphStyle, *, rtl: bool = False) -> Flowable:
    """Plain text as a flowable: a Paragraph, or a right-to-left aware one when it needs it.

    ``rtl`` says the document reads right to left (its language does).
    """
    if rtl or needs_layout(text):
        return MixedParagraph(text, style, base=1 if rtl else None)
    return Paragraph(markup(text), style)


def reading_order(cells: Sequence[T], rtl: bool) -> list[T]:
    """A table row's cells from the left: mirrored in a right-to-left document."""
    return list(cells)[::-1] if rtl else list(cells)


def wrap_lines(
    text: str, font: str, size: float, width: float, base: int | None = None
) -> list[str]:
    """The text broken at spaces into lines no wider than ``width`` (a long word stays whole)."""
    lines: list[str] = []
    for hard_line in text.split("\n"):
        line = ""
        for word in hard_line.split():
            candidate = f"{line} {word}" if line else word
            if line and line_width(candidate, font, size, base) > width:
                lines.append(line)
                candidate = word
            line = candidate
        lines.append(line)
    return lines


class MixedParagraph(Flowable):
    """Plain text of mixed direction in one style; its start edge follows its first letter,
    or the document's direction when ``base`` gives it (1: right to left)."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        lines: list[str] | None = None,
        base: int | None = None,
    ) -> None:
        super().__init__()
        self.base = base
        register_fonts()
        self.text = unicodedata.normalize("NFC", text).strip()
        self.style = style
        self.lines = lines
        self._broken_for: float | None = None if lines is not None else -1.0
        self.spaceBefore = style.spaceBefore
        self.spaceAfter = style.spaceAfter

    def _width(self, available: float) -> float:
        return float(available - self.style.leftIndent - self.style.rightIndent)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Break the text for the width; the height is one leading a line."""
        style = self.style
        # The halves of a split keep the lines they were given.
        if self._broken_for not in (None, availWidth):
            width = self._width(availWidth)
            self.lines = wrap_lines(self.text, style.fontName, style.fontSize, width, self.base)
            self._broken_for = availWidth
        assert self.lines is not None
        self.width = availWidth
        self.height = len(self.lines) * style.leading
        return self.width, self.height

    def minWidth(self) -> float:
        """The widest word, for tables that size their columns."""
        style = self.style
        words = self.text.split() or [""]
        widest = max(line_width(word, style.fontName, style.fontSize) for word in words)
        return float(widest + style.leftIndent + style.rightIndent)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """The lines that fit ``availHeight`` and the rest, as two paragraphs."""
        self.wrap(availWidth, availHeight)
        assert self.lines is not None
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        first = MixedParagraph(self.text, self.style, self.lines[:fit], self.base)
        rest = MixedParagraph(self.text, self.style, self.lines[fit:], self.base)
        first.spaceAfter = rest.spaceBefore = 0
        return [first, rest]

    def draw(self) -> None:
        """Each line at the style's size and colour, aligned to the paragraph's start edge."""
        style = self.style
        align, x = self._alignment()
        canvas = self.canv
        canvas.setFillColor(style.textColor)
        for number, line in enumerate(self.lines or []):
            y = self.height - style.fontSize - number * style.leading
            draw_line(canvas, x, y, line, style.fontName, style.fontSize, align, self.base)

    def _alignment(self) -> tuple[str, float]:
        """Where lines hang: centred, or at the end the style asks for, mirrored from the right."""
        style = self.style
        if style.alignment == TA_CENTER:
            return "centre", style.leftIndent + self._width(self.width) / 2
        right = style.alignment == TA_RIGHT
        if self.base == 1:  # a right-to-left document mirrors its styles
            right = not right
        elif base_level(self.text) == 1:  # right-to-left text in a left-to-right document
            right = True
        if right:
            return "right", self.width - style.rightIndent
        return "left", float(style.leftIndent)
