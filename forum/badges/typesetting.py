"""Fitting badge text into a width with the vendored fonts, Arabic shaped (``forum.pdf_text``)."""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass

from reportlab.lib.utils import simpleSplit

from forum.pdf_fonts import BOLD
from forum.pdf_paragraph import wrap_lines
from forum.pdf_text import drawable, line_width, needs_layout

ELLIPSIS = "…"


@dataclass(frozen=True)
class FittedText:
    """Text broken into lines, and the font size at which every line fits."""

    lines: tuple[str, ...]
    size: float


@dataclass(frozen=True)
class PrintedText:
    """Text as a badge prints it, and the characters left out of it."""

    text: str
    dropped: tuple[str, ...]


# Variation selectors ask for an emoji's colour form; they draw nothing in a text font.
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def printable(text: str, font: str = BOLD) -> PrintedText:
    """The text as printed: composed, on one line, without what would print as a box.

    The rule, the same on every badge and in the organisers' preview: emoji and other
    pictographs (Unicode symbols, "So"), invisible format characters (joiners, variation
    selectors) and any character the embedded font has no glyph for are dropped (Arabic
    letters are looked up in the Arabic font that draws them).
    """
    kept: list[str] = []
    dropped: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace() or _drawable(char, font):
            kept.append(char)
        else:
            dropped.append(char)
    return PrintedText(" ".join("".join(kept).split()), tuple(dropped))


def _drawable(char: str, font: str) -> bool:
    """Whether the character prints as itself under the rule of ``printable``."""
    code = ord(char)
    if unicodedata.category(char) in {"So", "Cf", "Cc", "Co", "Cn"}:
        return False
    return drawable(char, font) and not any(code in block for block in _VARIATION_SELECTORS)


def clean(text: str, font: str = BOLD) -> str:
    """One line of composed text the font can draw ("e" + combining accent becomes "é")."""
    return printable(text, font).text


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points, as printed (Arabic shaped, in its own font)."""
    return line_width(text, font, size)


def fit_text(
    text: str,
    font: str,
    width: float,
    *,
    max_size: float,
    min_size: float,
    max_lines: int = 2,
    cut: bool = True,
) -> FittedText:
    """The largest size up to ``max_size`` at which ``text`` fits ``width``; never wider.

    One line is tried first, down to ``min_size``; then two balanced lines, then more, up
    to ``max_lines``. Past that, text that may be ``cut`` is wrapped at ``min_size`` and its
    end replaced by an ellipsis; text that may not (a name) is set smaller instead.
    """
    text = clean(text, font)
    for count in range(1, max_lines + 1):
        lines = balanced_lines(text, font, count)
        size = _largest_size(lines, font, width, max_size)
        if size >= min_size:
            return FittedText(tuple(lines), size)
    if cut:
        return FittedText(tuple(_wrap(text, font, min_size, width, max_lines)), min_size)
    lines = balanced_lines(text, font, max_lines)
    return FittedText(tuple(lines), _largest_size(lines, font, width, max_size))


def _largest_size(lines: list[str], font: str, width: float, max_size: float) -> float:
    """The largest size up to ``max_size`` at which every line fits ``width``."""
    widest = max(text_width(line, font, 1) for line in lines)
    if widest == 0:
        return max_size
    # Widths grow linearly with size; rounding down keeps the result inside ``width``.
    return min(max_size, math.floor(width / widest * 10) / 10)


def balanced_lines(text: str, font: str, count: int) -> list[str]:
    """The text in at most ``count`` lines, broken at spaces, the widest as short as can be."""
    words = text.split(" ")
    count = min(count, len(words))
    if count <= 1:
        return [text]
    # Every way to break a name of a dozen words in three lines is a few dozen tries.
    breaks = itertools.combinations(range(1, len(words)), count - 1)
    splits = (
        [" ".join(words[a:b]) for a, b in itertools.pairwise((0, *ends, len(words)))]
        for ends in breaks
    )
    return min(splits, key=lambda lines: max(text_width(line, font, 1) for line in lines))


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy wrapping into at most ``max_lines``; the last line takes the rest, ellipsised."""
    if needs_layout(text):
        lines = wrap_lines(text, font, size, width)
    else:
        lines = simpleSplit(text, font, size, width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_ellipsise(line, font, size, width) for line in lines]


def _ellipsise(line: str, font: str, size: float, width: float) -> str:
    """The line, cut short with "…" when it is wider than ``width``."""
    if text_width(line, font, size) <= width:
        return line
    while line and text_width(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS
