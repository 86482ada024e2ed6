"""What every PDF of the forum shares (badges, the declaration, the printed programme, visa
letters): the vendored DejaVu fonts (the 14 built-in PDF fonts only cover WinAnsi, with no
"Ł", "ễ" or "ğ") and Noto Sans Arabic for Arabic script (drawn by ``forum.pdf_text``), text
made safe for platypus markup, and one way to start a document."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ARABIC_REGULAR = "NotoSansArabic"
ARABIC_BOLD = "NotoSansArabic-Bold"
# The Arabic font that stands in for each Latin one, weight for weight.
ARABIC = {REGULAR: ARABIC_REGULAR, BOLD: ARABIC_BOLD}


@functools.cache
def register_fonts() -> None:
    """Make the vendored fonts known to ReportLab (DejaVu to platypus as one family), once."""
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(ARABIC_REGULAR, str(FONT_DIR / "NotoSansArabic-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(ARABIC_BOLD, str(FONT_DIR / "NotoSansArabic-Bold.ttf")))
    # Paragraphs look fonts up by family and weight; without this they refuse DejaVu.
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)


def markup(text: str) -> str:
    """Plain text as Paragraph markup: composed accents, escaped, line breaks kept."""
    return escape(unicodedata.normalize("NFC", text).strip()).replace("\n", "<br/>")


def document(
    out: BinaryIO,
    *,
    pagesize: tuple[float, float],
    margin: float,
    bottom: float,
    title: str,
    author: str,
    language: str,
) -> SimpleDocTemplate:
    """A platypus document with even side margins, its metadata set, the fonts registered."""
    register_fonts()
    return SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=bottom,
        title=title,
        author=author,
        lang=language,
    )
