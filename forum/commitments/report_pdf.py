"""The annual report on city commitments as a PDF: a title page, the counts by theme, kind and
support area, the GCM coverage chart, then every published entry theme by theme with its
progress and how fresh it is (a coloured mark and the words, never the colour alone).

Pure ReportLab: callers pass an ``AnnualReport`` already worded in the reader's language.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from forum.commitments import charts
from forum.commitments.progress import Staleness
from forum.pdf_fonts import BOLD, REGULAR, document, markup
from forum.pdf_pages import draw_footer, numbered_canvas

INK = HexColor("#1F4E79")
GREY = HexColor("#555555")
RULE = HexColor("#BFBFBF")
MARGIN = 18 * mm
MARKS = {Staleness.GREEN: "#2E7D32", Staleness.AMBER: "#B26A00", Staleness.RED: "#C62828"}


@dataclass(frozen=True)
class EntryPrint:
    """One published entry as printed."""

    title: str
    language: str
    heading: str  # "Freetown, Sierra Leone · What we need"
    details: tuple[tuple[str, str], ...]  # (label, value): support areas, objectives, progress
    staleness: Staleness
    staleness_words: str  # "Amber: no update for over a year"


@dataclass(frozen=True)
class ThemeSection:
    """A theme's heading, its counts by kind and support area, and its entries."""

    key: str  # the chart's letter for it
    title: str
    counts: tuple[int, ...]  # in the order of ``AnnualReport.count_labels``
    entries: tuple[EntryPrint, ...]


@dataclass(frozen=True)
class AnnualReport:
    """The whole report in one language."""

    language: str
    forum_name: str
    title: str  # "Annual report on city commitments"
    cover_lines: tuple[str, ...]  # the edition, its dates and place, the totals, the date made
    note: str  # the demo's "illustrative" note, or ""
    counts_heading: str
    count_labels: tuple[str, ...]  # the kinds, then the support areas, then "All entries"
    total_label: str  # the totals' column: "All themes"
    chart_heading: str
    chart: charts.CoverageChart
    sections: tuple[ThemeSection, ...]
    empty_note: str  # a theme without published entries
    footer: str
    page_label: str  # "Page %(page)s of %(pages)s", translated


def _style(name: str, size: float, *, font: str = REGULAR, **values: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.3, **values)


STYLES = {
    "forum": _style("forum", 12, textColor=INK, alignment=1),
    "cover_title": _style("cover_title", 22, font=BOLD, textColor=INK, alignment=1, spaceAfter=8),
    "cover_line": _style("cover_line", 11, alignment=1, spaceAfter=3),
    "note": _style("note", 9, textColor=GREY, alignment=1),
    "h1": _style("h1", 15, font=BOLD, textColor=INK, spaceBefore=4, spaceAfter=6),
    "cell": _style("cell", 8.5),
    "head": _style("head", 8.5, font=BOLD, textColor=white),
    "details": _style("details", 8.5, leftIndent=8),
    "legend": _style("legend", 8.5, textColor=GREY, spaceAfter=2),
}


def annual_report_pdf(report: AnnualReport) -> bytes:
    """The report as an A4 PDF, its pages numbered "n of N" after the title page."""
    out = io.BytesIO()
    doc = document(out, pagesize=A4, margin=MARGIN, bottom=MARGIN + 6 * mm, title=report.title,
                   author=report.forum_name, language=report.language)  # fmt: skip
    doc.build(_story(report, doc.width, doc.height), canvasmaker=_numbered_canvas(report))
    return out.getvalue()


def _story(report: AnnualReport, width: float, height: float) -> list[Flowable]:
    story = _cover(report)
    story += [Paragraph(markup(report.counts_heading), STYLES["h1"]), _counts_table(report, width)]
    story += [*_legend(report), PageBreak(), Paragraph(markup(report.chart_heading), STYLES["h1"])]
    # The heading and the frame's padding take the rest of the page.
    story += [chart_drawing(charts.layout(report.chart), width, height - 25 * mm)]
    for section in report.sections:
        story += [PageBreak(), Paragraph(markup(f"{section.key}. {section.title}"), STYLES["h1"])]
        story.append(_section_counts(report, section, width))
        story += [_Entry(entry) for entry in section.entries] or [
            Paragraph(markup(report.empty_note), STYLES["details"])
        ]
    return story


def _cover(report: AnnualReport) -> list[Flowable]:
    story: list[Flowable] = [
        Spacer(1, 55 * mm),
        Paragraph(markup(report.forum_name), STYLES["forum"]),
        Spacer(1, 6 * mm),
        Paragraph(markup(report.title), STYLES["cover_title"]),
        *(Paragraph(markup(line), STYLES["cover_line"]) for line in report.cover_lines),
    ]
    if report.note:
        story += [Spacer(1, 15 * mm), Paragraph(markup(report.note), STYLES["note"])]
    return [*story, PageBreak()]


def _cells(values: list[str], style: str) -> list[Paragraph]:
    return [Paragraph(markup(value), STYLES[style]) for value in values]


def _counts_table(report: AnnualReport, width: float) -> Table:
    """A row per kind and support area, a column per theme (by its letter), then the totals."""
    keys = [section.key for section in report.sections]
    rows = [_cells(["", *keys, report.total_label], "head")]
    for i, label in enumerate(report.count_labels):
        figures = [section.counts[i] for section in report.sections]
        rows.append(_cells([label, *map(str, figures), str(sum(figures))], "cell"))
    rest = min(20 * mm, width * 0.5 / (len(keys) + 1))
    return _table(rows, [width - rest * (len(keys) + 1), *[rest] * (len(keys) + 1)])


def _legend(report: AnnualReport) -> list[Flowable]:
    """What each theme's letter stands for."""
    return [Paragraph(markup(f"{s.key}. {s.title}"), STYLES["legend"]) for s in report.sections]


def _section_counts(report: AnnualReport, section: ThemeSection, width: float) -> Table:
    """The theme's counts, a label and a figure a row."""
    rows = [_cells([label, str(count)], "cell")
            for label, count in zip(report.count_labels, section.counts, strict=True)]  # fmt: skip
    return _table(rows, [width * 0.5, 20 * mm], header=False)


def _table(rows: list[list[Paragraph]], widths: list[float], *, header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=int(header), spaceAfter=5 * mm, hAlign="LEFT")
    table.setStyle(TableStyle([
        *([("BACKGROUND", (0, 0), (-1, 0), INK)] if header else []),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))  # fmt: skip
    return table


TITLE_SIZE, DETAIL_SIZE, INDENT = 10.0, 8.5, 8.0


class _Entry(Flowable):
    """One entry: its title, where it comes from, its details and its freshness, kept on one
    page. Plain lines drawn on the canvas: Paragraph's markup parsing and line breaking took
    most of the time of a report of 5,000 entries."""

    def __init__(self, entry: EntryPrint) -> None:
        super().__init__()
        self.entry = entry
        self.lines: list[tuple[str, str, float, float]] = []  # text, font, size, indent
        self.mark_line = 0

    def _add(self, text: str, font: str, size: float, indent: float, width: float) -> None:
        clean = unicodedata.normalize("NFC", " ".join(text.split()))
        for line in simpleSplit(clean, font, size, width - indent) or [""]:
            self.lines.append((line, font, size, indent))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.lines = []
        entry = self.entry
        self._add(entry.title, BOLD, TITLE_SIZE, 0, available_width)
        self._add(entry.heading, REGULAR, DETAIL_SIZE, INDENT, available_width)
        for label, value in entry.details:
            if value:
                self._add(f"{label}: {value}", REGULAR, DETAIL_SIZE, INDENT, available_width)
        # The freshness line starts after its coloured mark.
        self.mark_line = len(self.lines)
        self._add(entry.staleness_words, REGULAR, DETAIL_SIZE, INDENT + 10, available_width)
        self.width = available_width
        self.height = 5 + sum(size * 1.3 for _text, _font, size, _indent in self.lines)
        return self.width, self.height

    def draw(self) -> None:
        canvas, y = self.canv, self.height - 5
        for number, (text, font, size, indent) in enumerate(self.lines):
            y -= size * 1.3
            canvas.setFont(font, size)
            canvas.drawString(indent, y + size * 0.3, text)
            if number == self.mark_line:
                canvas.saveState()
                canvas.setFillColor(HexColor(MARKS[self.entry.staleness]))
                canvas.rect(INDENT, y + size * 0.3, 6.5, 6.5, stroke=0, fill=1)
                canvas.restoreState()


def chart_drawing(drawn: charts.Layout, width: float, height: float) -> Drawing:
    """The coverage chart's layout as ReportLab shapes, scaled to fit ``width`` by ``height``."""
    scale = min(1.0, width / drawn.width, height / drawn.height)
    group = Group()
    top = drawn.height  # SVG counts y down from the top, ReportLab up from the bottom
    for cell in drawn.cells:
        fill = charts.SHADES[cell.shade] if cell.theme is not None else "#ffffff"
        group.add(Rect(cell.x, top - cell.y - charts.ROW_HEIGHT, charts.CELL_WIDTH,
                       charts.ROW_HEIGHT, fillColor=HexColor(fill), strokeColor=RULE,
                       strokeWidth=0.5))  # fmt: skip
        group.add(String(cell.x + charts.CELL_WIDTH / 2, top - cell.y - charts.ROW_HEIGHT / 2 - 4,
                         cell.text, textAnchor="middle", fontSize=charts.COUNT_SIZE,
                         fontName=REGULAR if cell.theme is not None else BOLD,
                         fillColor=HexColor(charts.text_colour(cell.shade))))  # fmt: skip
    for text in drawn.texts:
        for i, line in enumerate(text.lines):
            group.add(String(text.x, top - text.y - i * charts.LINE_HEIGHT, line,
                             textAnchor=text.anchor, fontSize=charts.FONT_SIZE,
                             fontName=BOLD if text.bold else REGULAR))  # fmt: skip
    group.scale(scale, scale)
    drawing = Drawing(drawn.width * scale, drawn.height * scale)
    drawing.add(group)
    return drawing


def _numbered_canvas(report: AnnualReport) -> type[Canvas]:
    """The canvas that prints the report's footer, "page n of N", on each page."""

    def footer(canvas: Canvas, page: int, total: int) -> None:
        label = report.page_label % {"page": page, "pages": total}
        ends = (MARGIN, A4[0] - MARGIN, MARGIN)
        draw_footer(canvas, ends, (report.footer, label), report.language, GREY)

    return numbered_canvas(footer)
