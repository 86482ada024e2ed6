"""Fitting badge text into a width with the vendored DejaVu fonts (pure ReportLab)."""

from __future__ import annotations

import functools
import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ELLIPSIS = "…"


@functools.cache
def register_fonts() -> None:
    """Make DejaVu Sans known to ReportLab, once per process."""
    # The 14 built-in PDF fonts only cover WinAnsi: no "Ł", "ễ" or "ğ".
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


@dataclass(frozen=True)
class FittedText:
    """Text broken into lines, and the font size at which every line fits."""

    lines: tuple[str, ...]
    size: float


def clean(text: str) -> str:
    """One line of composed text: "e" + combining accent becomes "é", which the font has."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` in points."""
    return float(pdfmetrics.stringWidth(text, font, size))


def fit_text(
    text: str, font: str, width: float, *, max_size: float, min_size: float, max_lines: int = 2
) -> FittedText:
    """The largest size up to ``max_size`` at which ``text`` fits ``width``; never wider.

    One line is tried first, down to ``min_size``; then two balanced lines; as a last
    resort the text is wrapped at ``min_size`` and its end replaced by an ellipsis.
    """
    text = clean(text)
    candidates = [[text]]
    if max_lines > 1:
        candidates.append(_balanced_split(text, font))
    for lines in candidates:
        size = _largest_size(lines, font, width, max_size)
        if size >= min_size:
            return FittedText(tuple(lines), size)
    return FittedText(tuple(_wrap(text, font, min_size, width, max_lines)), min_size)


def _largest_size(lines: list[str], font: str, width: float, max_size: float) -> float:
    """The largest size up to ``max_size`` at which every line fits ``width``."""
    widest = max(text_width(line, font, 1) for line in lines)
    if widest == 0:
        return max_size
    # Widths grow linearly with size; rounding down keeps the result inside ``width``.
    return min(max_size, math.floor(width / widest * 10) / 10)


def _balanced_split(text: str, font: str) -> list[str]:
    """Two lines whose longer one is as short as possible."""
    words = text.split(" ")
    if len(words) < 2:
        return [text]
    splits = ([" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words)))
    return min(splits, key=lambda pair: max(text_width(line, font, 1) for line in pair))


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy wrapping into at most ``max_lines``; the last line takes the rest, ellipsised."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and text_width(trial, font, size) > width and len(lines) < max_lines - 1:
            lines.append(current)
            current = word
        else:
            current = trial
    lines.append(current)
    return [_ellipsise(line, font, size, width) for line in lines]


def _ellipsise(line: str, font: str, size: float, width: float) -> str:
    """The line, cut short with "…" when it is wider than ``width``."""
    if text_width(line, font, size) <= width:
        return line
    while line and text_width(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS
