"""The words of the GCM coverage chart and of the annual report, in the current language (the
caller picks it with ``force_locale``), for charts.py and report_pdf.py to lay out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup

from forum import formats
from forum.agenda.models import Theme
from forum.cities.services import country_name
from forum.commitments.charts import CoverageChart, coverage_svg, letter
from forum.commitments.labels import AREA_LABELS, KIND_LABELS
from forum.commitments.models import Kind, SupportArea
from forum.commitments.objectives import GCM, title
from forum.commitments.published import Listed, counts_of, coverage_of, listed_entries
from forum.commitments.report_entries import Wording, entry_print
from forum.commitments.report_pdf import AnnualReport, ThemeSection
from forum.editions.models import Edition
from forum.i18n import text_direction, text_here

DEMO_EDITION = 5  # Marrakech 2018, whose entries were written for the demo


def _language() -> str:
    return str(get_locale())


def _describe(row: str, column: str, count: int) -> str:
    return ngettext(
        "%(row)s, %(column)s: %(num)d entry", "%(row)s, %(column)s: %(num)d entries", count,
        row=row, column=column,
    )  # fmt: skip


def coverage_chart(
    themes: Sequence[Theme], counts: Mapping[tuple[int, int], int], *, below: str
) -> CoverageChart:
    """The chart of ``counts`` by (objective, theme id); ``below`` says where the same figures
    stand as text (the page's table, or the report's lists)."""
    language = _language()
    grid = _(
        "A grid of the 23 objectives of the Global Compact for Migration (rows) by theme "
        "(columns, lettered; the legend names them), with the number of published entries "
        "in each cell and each row's total; darker cells have more."
    )
    return CoverageChart(
        title=_("Published entries by GCM objective and theme"),
        description=f"{grid} {below}",
        rows=tuple((n, title(GCM, n, language)) for n in GCM),
        columns=tuple((theme.slug, text_here(theme, "title")) for theme in themes),
        counts={(n, theme.slug): counts.get((n, theme.id), 0) for theme in themes for n in GCM},
        total_label=_("All"),
        describe=_describe,
    )


def coverage_page_svg(themes: Sequence[Theme], counts: Mapping[tuple[int, int], int]) -> Markup:
    """The coverage page's chart, as inline SVG (every text in it escaped by charts.py)."""
    below = _("The table below gives the same figures, with links to the entries.")
    chart = coverage_chart(themes, counts, below=below)
    return Markup(coverage_svg(chart, rtl=text_direction() == "rtl"))  # noqa: S704


COUNT_KEYS = (*(kind.value for kind in Kind), *(area.value for area in SupportArea), "all")


def _count_labels() -> tuple[str, ...]:
    kinds = [str(KIND_LABELS[kind]) for kind in Kind]
    areas = [str(AREA_LABELS[area]) for area in SupportArea]
    return (*kinds, *areas, _("All entries"))


def _cover_lines(edition: Edition, entries: Sequence[Listed], now: datetime) -> list[str]:
    place = f"{edition.city}, {country_name(edition.country_code, _language())}"
    cities = len({row.entry.city_id for row in entries})
    return [
        edition.title,
        _("Edition %(number)d · %(place)s", number=edition.number, place=place),
        formats.date_span(edition.starts_on, edition.ends_on),
        ngettext("%(num)d published entry", "%(num)d published entries", len(entries)),
        ngettext("from %(num)d city", "from %(num)d cities", cities),
        _("Made on %(date)s", date=formats.date(now, edition.timezone, "long")),
    ]


def annual_report(edition: Edition, themes: Sequence[Theme], now: datetime) -> AnnualReport:
    """The edition's report on its published public entries, in the current language."""
    entries, words = listed_entries(edition.id), Wording()
    counts = counts_of(entries)
    # A theme taken off the programme keeps the entries published under it.
    themes = [t for t in themes if t.is_published or counts[(t.id, "all")]]
    sections = tuple(
        ThemeSection(
            key=letter(i),
            title=theme.title,
            counts=tuple(counts[(theme.id, key)] for key in COUNT_KEYS),
            entries=tuple(
                entry_print(row, words, now) for row in entries if row.entry.theme_id == theme.id
            ),
        )
        for i, theme in enumerate(themes)
    )
    illustrative = _("The entries of this demonstration are illustrative: they were written for "
                     "the demo and are not the cities' real pledges.")  # fmt: skip
    return AnnualReport(
        language=_language(),
        forum_name=_("Mayoral Forum on Human Mobility, Migration and Development"),
        title=_("Annual report on city commitments"),
        cover_lines=tuple(_cover_lines(edition, entries, now)),
        note=illustrative if edition.number == DEMO_EDITION else "",
        counts_heading=_("Published entries by theme, kind and support area"),
        count_labels=_count_labels(),
        total_label=_("All themes"),
        chart_heading=_("GCM objectives covered, by theme"),
        chart=coverage_chart(
            themes, coverage_of(entries), below=_("The entries are listed after the chart.")
        ),
        sections=sections,
        empty_note=_("No published entry under this theme."),
        footer=f"{_('Annual report on city commitments')} · {edition.label}",
        page_label=_("Page %(page)s of %(pages)s"),
    )
