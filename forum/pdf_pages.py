"""Pages of a long PDF (pure ReportLab): "page n of N" needs every page laid out first."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from forum.pdf_fonts import REGULAR
from forum.pdf_text import draw_line, rtl_language

# Draws a page's footer, given the page's number and how many pages there are.
Footer = Callable[[Canvas, int, int], None]
FOOTER_SIZE = 7.5


def numbered_canvas(footer: Footer) -> type[Canvas]:
    """A canvas that holds its pages back until the end, then draws ``footer`` on each page
    but the first (the title page)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def draw_footer(
    canvas: Canvas,
    ends: tuple[float, float, float],
    texts: tuple[str, str],
    language: str,
    colour: Color,
) -> None:
    """Two texts at the foot of a page, at its start and end edges (``ends``: the start's x,
    the end's x and the baseline): the first where reading starts, mirrored right to left."""
    start_x, end_x, y = ends
    rtl = rtl_language(language)
    places = ((start_x, "left"), (end_x, "right"))
    (start, start_align), (end, end_align) = places[::-1] if rtl else places
    base = 1 if rtl else None
    canvas.saveState()
    canvas.setFillColor(colour)
    draw_line(canvas, start, y, texts[0], REGULAR, FOOTER_SIZE, start_align, base)
    draw_line(canvas, end, y, texts[1], REGULAR, FOOTER_SIZE, end_align, base)
    canvas.restoreState()
