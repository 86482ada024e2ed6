"""The vendored DejaVu fonts every PDF of the forum is set in (badges, the declaration, the
printed programme, visa letters): the 14 built-in PDF fonts only cover WinAnsi, with no
"Ł", "ễ" or "ğ"."""

from __future__ import annotations

import functools
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@functools.cache
def register_fonts() -> None:
    """Make DejaVu Sans known to ReportLab (and to platypus as one family), once per process."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    # Paragraphs look fonts up by family and weight; without this they refuse DejaVu.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
