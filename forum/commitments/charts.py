"""The GCM coverage chart: the objectives (rows) by the edition's themes (columns), a heat map
with the count written in every cell, so colour is never the only carrier.

Pure: it takes counts and words already translated, lays the chart out once (``layout``) and
draws that layout as SVG for the web page (``coverage_svg``); the annual report draws the same
layout with ReportLab shapes. Themes are lettered A, B, C… above their columns and named in a
legend below the grid: their titles are sentences that no column could hold.
"""

from __future__ import annotations

import string
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape, quoteattr

# Five shades of the site's green, lightest for none; the darkest carries white numbers.
SHADES = ("#f4f4f4", "#e6f0e8", "#bcd9c2", "#8fbf9a", "#1d6b2f")
DARK_TEXT, LIGHT_TEXT, RULE = "#1a1a1a", "#ffffff", "#bfbfbf"
# Sized for a phone's width at about one to one: 24 characters of an objective's name a line.
LABEL_WIDTH, CELL_WIDTH, ROW_HEIGHT, HEADER_HEIGHT = 150, 44, 30, 24
LABEL_CHARS, LEGEND_CHARS, LINE_HEIGHT = 24, 52, 13
FONT_SIZE, COUNT_SIZE = 11, 12


@dataclass(frozen=True)
class CoverageChart:
    """What the chart shows, worded for its reader."""

    title: str
    description: str
    rows: tuple[tuple[int, str], ...]  # (GCM objective, its short title)
    columns: tuple[tuple[str, str], ...]  # (theme key, e.g. its slug; its title)
    counts: Mapping[tuple[int, str], int]  # (objective, theme key) -> published entries
    total_label: str  # the last column's heading: "All"
    describe: Callable[[str, str, int], str]  # (row, column, count) -> "…: 3 entries"


@dataclass(frozen=True)
class Cell:
    """One box of the grid: where it stands, its shade and the number written in it."""

    x: float
    y: float  # from the top
    shade: int  # 0 (none) to 4 (the most)
    text: str
    title: str  # what a screen reader or a tooltip says
    objective: int | None = None  # None for the totals column
    theme: str | None = None


@dataclass(frozen=True)
class Text:
    """A label: its lines, first baseline at ``y`` from the top."""

    x: float
    y: float
    lines: tuple[str, ...]
    anchor: str = "start"  # "start" or "middle", as in SVG
    bold: bool = False


@dataclass(frozen=True)
class Layout:
    """The whole chart in points (SVG user units), the origin at the top left."""

    width: float
    height: float
    cells: tuple[Cell, ...]
    texts: tuple[Text, ...]


def shade(count: int, most: int) -> int:
    """A count's shade, 0 for none up to 4 for the largest count of the chart."""
    if count <= 0 or most <= 0:
        return 0
    return min(4, -(-4 * count // most))


def letter(index: int) -> str:
    """The key of the ``index``-th theme: A, B, … Z, then AA, AB …"""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _wrap(text: str, width: int, most_lines: int) -> tuple[str, ...]:
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > most_lines:
        lines = [*lines[: most_lines - 1], textwrap.shorten(" ".join(lines[most_lines - 1 :]),
                                                            width, placeholder="…")]  # fmt: skip
    return tuple(lines)


def _grid(chart: CoverageChart) -> list[Cell]:
    """A cell for each (objective, theme) and the objective's total at the end of its row."""
    most = max(chart.counts.values(), default=0)
    cells = []
    for row, (objective, label) in enumerate(chart.rows):
        y = HEADER_HEIGHT + row * ROW_HEIGHT
        for column, (key, title) in enumerate(chart.columns):
            count = chart.counts.get((objective, key), 0)
            cells.append(Cell(LABEL_WIDTH + column * CELL_WIDTH, y, shade(count, most),
                              str(count), chart.describe(f"{objective}. {label}", title, count),
                              objective, key))  # fmt: skip
        total = sum(chart.counts.get((objective, key), 0) for key, _ in chart.columns)
        x = LABEL_WIDTH + len(chart.columns) * CELL_WIDTH
        cells.append(Cell(x, y, 0, str(total),
                          chart.describe(f"{objective}. {label}", chart.total_label, total),
                          objective))  # fmt: skip
    return cells


def _labels(chart: CoverageChart, bottom: float) -> list[Text]:
    """The column keys, the objectives' names, and the legend naming each theme."""
    middle = CELL_WIDTH / 2
    keys = [letter(i) for i in range(len(chart.columns))] + [chart.total_label]
    texts = [Text(LABEL_WIDTH + i * CELL_WIDTH + middle, HEADER_HEIGHT - 8, (key,), "middle", True)
             for i, key in enumerate(keys)]  # fmt: skip
    for row, (objective, label) in enumerate(chart.rows):
        lines = _wrap(f"{objective}. {label}", LABEL_CHARS, 2)
        first = HEADER_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - LINE_HEIGHT * len(lines)) / 2 + 10
        texts.append(Text(4, first, lines))
    y = bottom + 20
    for i, (_key, title) in enumerate(chart.columns):
        lines = _wrap(f"{letter(i)}: {title}", LEGEND_CHARS, 4)
        texts.append(Text(4, y, lines))
        y += LINE_HEIGHT * len(lines) + 4
    return texts


def layout(chart: CoverageChart) -> Layout:
    """Place every cell and label of the chart."""
    bottom = HEADER_HEIGHT + len(chart.rows) * ROW_HEIGHT
    texts = _labels(chart, bottom)
    legend = sum(LINE_HEIGHT * len(t.lines) + 4 for t in texts if t.y > bottom)
    width = max(LABEL_WIDTH + (len(chart.columns) + 1) * CELL_WIDTH, LEGEND_CHARS * 6.2)
    return Layout(width, bottom + legend + 16, tuple(_grid(chart)), tuple(texts))


def text_colour(level: int) -> str:
    """Dark numbers on light shades, white on the darkest."""
    return LIGHT_TEXT if level == 4 else DARK_TEXT


def _svg_cell(cell: Cell) -> str:
    data = f' data-objective="{cell.objective}"' if cell.objective is not None else ""
    data += f" data-theme={quoteattr(cell.theme)}" if cell.theme is not None else ' data-total="1"'
    fill = SHADES[cell.shade] if cell.theme is not None else "#ffffff"
    weight = ' font-weight="bold"' if cell.theme is None else ""
    return (
        f'<g class="cell"{data}><title>{escape(cell.title)}</title>'
        f'<rect x="{cell.x:g}" y="{cell.y:g}" width="{CELL_WIDTH}" height="{ROW_HEIGHT}"'
        f' fill="{fill}" stroke="{RULE}" stroke-width="0.5"/>'
        f'<text x="{cell.x + CELL_WIDTH / 2:g}" y="{cell.y + ROW_HEIGHT / 2 + 4:g}"'
        f' text-anchor="middle" font-size="{COUNT_SIZE}" fill="{text_colour(cell.shade)}"'
        f"{weight}>{escape(cell.text)}</text></g>"
    )


def _svg_text(text: Text) -> str:
    weight = ' font-weight="bold"' if text.bold else ""
    spans = "".join(
        f'<tspan x="{text.x:g}" y="{text.y + i * LINE_HEIGHT:g}">{escape(line)}</tspan>'
        for i, line in enumerate(text.lines)
    )
    return f'<text text-anchor="{text.anchor}" font-size="{FONT_SIZE}"{weight}>{spans}</text>'


def mirrored(drawn: Layout) -> Layout:
    """The layout read right to left: the objectives' names on the right, totals on the left."""
    cells = tuple(replace(cell, x=drawn.width - cell.x - CELL_WIDTH) for cell in drawn.cells)
    texts = tuple(replace(text, x=drawn.width - text.x) for text in drawn.texts)
    return Layout(drawn.width, drawn.height, cells, texts)


def coverage_svg(
    chart: CoverageChart, *, id_prefix: str = "gcm-coverage", rtl: bool = False
) -> str:
    """The chart as an inline SVG element: a title and description for screen readers, a
    tooltip on every cell, and a width that follows its container (a phone's, say).

    ``rtl`` mirrors it for an Arabic page; the direction is always set on the element, since
    a text anchored at its start inherits the page's direction and would run off the edge."""
    drawn = mirrored(layout(chart)) if rtl else layout(chart)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    body = "".join(map(_svg_cell, drawn.cells)) + "".join(map(_svg_text, drawn.texts))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="coverage-chart" role="img"'
        f' viewBox="0 0 {drawn.width:g} {drawn.height:g}" width="{drawn.width:g}"'
        f' height="{drawn.height:g}" aria-labelledby="{title_id} {desc_id}"'
        f' direction="{"rtl" if rtl else "ltr"}"'
        f' font-family="DejaVu Sans, Verdana, sans-serif" fill="{DARK_TEXT}">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>{body}</svg>'
    )
