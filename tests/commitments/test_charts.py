"""The GCM coverage chart (issue 12): the SVG parsed back as XML, each count in its cell, words
for screen readers, and the same layout drawn for the annual report."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from forum.agenda.queries import themes
from forum.commitments.charts import SHADES, CoverageChart, coverage_svg, layout, shade
from forum.commitments.report_pdf import chart_drawing
from forum.extensions import db
from tests import factories
from tests.agenda import helpers as agenda
from tests.commitments.helpers import delegate, entry

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    """Our own SVG, parsed as the XML it must be."""
    return ET.fromstring(svg)  # noqa: S314 (the app's output, not a stranger's file)


def _chart(counts: dict[tuple[int, str], int], **values: object) -> CoverageChart:
    fields: dict[str, object] = {
        "title": "Published entries by GCM objective and theme",
        "description": "A grid of objectives by theme.",
        "rows": ((1, "Data"), (7, "Reduce vulnerabilities"), (16, "Inclusion")),
        "columns": (("services", "Providing access to basic services"), ("inclusion", "Inclusion")),
        "counts": counts,
        "total_label": "All",
        "describe": lambda row, column, count: f"{row}, {column}: {count}",
    }
    fields.update(values)
    return CoverageChart(**fields)  # type: ignore[arg-type]


def _cells(svg: ET.Element) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(objective, theme or "total") -> (number written, fill, tooltip) of every cell."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        key = (group.get("data-objective"), group.get("data-theme") or "total")
        rect, text, title = (
            group.find(f"{SVG}rect"),
            group.find(f"{SVG}text"),
            group.find(f"{SVG}title"),
        )
        found[key] = (text.text, rect.get("fill"), title.text)
    return found


def test_every_cell_shows_its_count_and_each_row_its_total():
    svg = _parse(coverage_svg(_chart({(1, "services"): 2, (1, "inclusion"): 5,
                                             (16, "inclusion"): 1})))  # fmt: skip
    cells = _cells(svg)
    assert {key: number for key, (number, _fill, _tip) in cells.items()} == {
        ("1", "services"): "2", ("1", "inclusion"): "5", ("1", "total"): "7",
        ("7", "services"): "0", ("7", "inclusion"): "0", ("7", "total"): "0",
        ("16", "services"): "0", ("16", "inclusion"): "1", ("16", "total"): "1",
    }  # fmt: skip
    # The largest count is the darkest; none is the lightest; a tooltip names the cell.
    assert cells[("1", "inclusion")][1] == SHADES[4]
    assert cells[("7", "services")][1] == SHADES[0]
    assert cells[("1", "services")][2] == "1. Data, Providing access to basic services: 2"


def test_the_chart_has_a_title_and_description_screen_readers_announce():
    svg = _parse(coverage_svg(_chart({}), id_prefix="cov"))
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "cov-title cov-desc"
    assert svg.find(f"{SVG}title").get("id") == "cov-title"
    assert svg.find(f"{SVG}title").text == "Published entries by GCM objective and theme"
    assert svg.find(f"{SVG}desc").text == "A grid of objectives by theme."
    # Themes are lettered above their columns and named in the legend under the grid.
    words = [span.text for span in svg.iter(f"{SVG}tspan")]
    assert words[:3] == ["A", "B", "All"]
    assert "A: Providing access to basic services" in words
    assert "B: Inclusion" in words


def test_words_in_the_chart_are_escaped():
    hostile = (("x", 'Cities <script>alert("x")</script> & "more"'),)
    svg = coverage_svg(_chart({}, columns=hostile))
    assert "<script>" not in svg
    parsed = _parse(svg)  # still well-formed XML
    assert 'A: Cities <script>alert("x")</script> & "more"' in " ".join(
        span.text or "" for span in parsed.iter(f"{SVG}tspan")
    )


def test_shades_grow_with_the_count_up_to_the_largest():
    assert [shade(n, 8) for n in (0, 1, 2, 3, 4, 6, 8)] == [0, 1, 1, 2, 2, 3, 4]
    assert shade(1, 1) == 4
    assert shade(0, 0) == 0


def test_the_report_draws_the_same_layout_scaled_to_its_page():
    chart = _chart({(1, "services"): 3})
    drawn = layout(chart)
    drawing = chart_drawing(drawn, drawn.width / 2, drawn.height)
    assert (drawing.width, drawing.height) == (drawn.width / 2, drawn.height / 2)
    unscaled = chart_drawing(drawn, drawn.width * 3, drawn.height * 3)
    assert (unscaled.width, unscaled.height) == (drawn.width, drawn.height)


def test_the_coverage_page_shows_the_chart_of_published_entries_and_keeps_the_table(app, client):
    with app.app_context():
        edition = factories.edition()
        mayor = delegate(edition)
        row = entry(edition, mayor, published=True, gcm_objectives=[1, 16])
        entry(edition, mayor, published=True, gcm_objectives=[1], is_public=False)
        entry(edition, mayor, gcm_objectives=[1])  # a draft: not counted
        other = agenda.theme(edition, slug="other", title="Another theme")
        db.session.commit()
        slug, other_slug = row.theme.slug, other.slug
        columns = len(themes(edition)) + 1  # and the totals
    html = client.get("/commitments/coverage").get_data(as_text=True)
    svg = _parse(re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0))
    numbers = {key: number for key, (number, _fill, _tip) in _cells(svg).items()}
    assert numbers[("1", slug)] == "1"
    assert numbers[("16", slug)] == "1"
    assert numbers[("1", other_slug)] == "0"
    assert numbers[("1", "total")] == "1"
    assert numbers[("2", slug)] == "0"
    assert len(numbers) == 23 * columns
    assert f'href="/commitments?gcm=1&amp;theme={slug}">1</a>' in html  # the table stays
    assert " style=" not in html


def test_an_arabic_page_mirrors_the_chart_and_names_themes_in_arabic(app, client):
    with app.app_context():
        edition = factories.edition()
        row = entry(edition, delegate(edition), published=True)
        row.theme.title_i18n = {"ar": "الخدمات الأساسية"}
        db.session.commit()
    client.get("/lang/ar")
    html = client.get("/commitments/coverage").get_data(as_text=True)
    svg = _parse(re.search(r"<svg.*?</svg>", html, re.DOTALL).group(0))
    assert svg.get("direction") == "rtl"  # set, so no label runs off the page's edge
    width = float(svg.get("width"))
    spans = {span.text: float(span.get("x")) for span in svg.iter(f"{SVG}tspan")}
    # The objectives' names start on the right, the totals' column ends on the left.
    assert spans["1. البيانات"] > width / 2
    totals = [
        float(g.find(f"{SVG}rect").get("x")) for g in svg.iter(f"{SVG}g") if g.get("data-total")
    ]
    assert max(totals) < width / 2
    assert "A: الخدمات الأساسية" in spans  # the legend in the reader's language
    client.get("/lang/en")
    english = client.get("/commitments/coverage").get_data(as_text=True)
    assert 'direction="ltr"' in english
