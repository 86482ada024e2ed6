"""The pure badge drawing: QR codes that scan, names in any Latin script, pages of four."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forum.badges.sheets import LAYOUTS, draw_badge, write_badges
from forum.badges.typesetting import PrintedText, fit_text, printable, text_width
from forum.pdf_fonts import BOLD, register_fonts
from forum.qr import qr_matrix, svg_path, svg_size
from tests.badges.helpers import face, pdf_of
from tests.pdf_reading import (
    decode_qr_codes,
    image_streams,
    page_count,
    page_images,
    page_sizes,
    pdf_lines,
    qr_codes_by_page,
    word_boxes,
)

CODE = "MAYORS5:dGhpcy1pcy1hLXRlc3QtY29kZS0xMjM0"
NAMES = [
    ("Valérie Plante", "Montréal"),
    ("Hanna Zdanowska", "Łódź"),
    ("Nguyễn Thị Hương", "Hà Nội"),
    ("Mehmet Ağrılı", "Ağrı"),
    ("Corine Mauch", "Zürich"),
    ("Ricardo Nunes", "São Paulo"),
]


def test_the_qr_matrix_is_a_square_symbol_of_version_3_for_a_badge_text():
    matrix = qr_matrix(CODE)
    assert len(matrix) == 29  # version 3: 21 + 4 * (3 - 1) modules
    assert {len(row) for row in matrix} == {29}
    # The three finder patterns' corners are dark.
    assert (matrix[0][0], matrix[0][28], matrix[28][0]) == (True, True, True)
    assert svg_size(matrix) == 37


def test_the_svg_path_draws_each_dark_run_once_inside_the_quiet_zone():
    matrix = [[True, True, False], [False, False, False], [False, True, False]]
    assert svg_path(matrix) == "M4 4h2v1h-2zM5 6h1v1h-1z"


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_prints_a_qr_code_that_scans(layout):
    pdf = pdf_of([face(qr_text=CODE)], layout)
    assert decode_qr_codes(pdf) == [CODE]


def test_the_qr_code_is_vector_not_a_picture():
    pdf = pdf_of([face(qr_text=CODE)], "a4")
    assert decode_qr_codes(pdf) == [CODE]
    # Nothing raster is drawn on the page (not even inline or inside a form), nor stored at all.
    assert page_images(pdf) == [[]]
    assert image_streams(pdf) == 0


@pytest.mark.parametrize(("name", "city"), NAMES)
def test_names_and_cities_in_any_latin_script_come_out_as_written(name, city):
    pdf = pdf_of([face(name, city, country="Somewhere")])
    assert pdf_lines(pdf) == [
        "Mayoral Forum · Marrakech 2018",
        name,
        "Mayor",
        f"{city}, Somewhere",
        "MAYOR",
    ]


def test_decomposed_accents_are_composed_before_drawing():
    pdf = pdf_of([face("Vale\u0301rie Plante")])
    assert pdf_lines(pdf)[1] == "Valérie Plante"


def test_a_short_name_keeps_the_largest_size_on_one_line():
    assert fit_text("Ada Lovelace", BOLD, 89 * mm, max_size=28, min_size=12).lines == (
        "Ada Lovelace",
    )
    assert fit_text("Ada Lovelace", BOLD, 89 * mm, max_size=28, min_size=12).size == 28


def test_a_long_name_shrinks_then_wraps_on_two_balanced_lines():
    register_fonts()
    name = "Maria Fernanda Espinosa Garcés de la Torre"
    fitted = fit_text(name, BOLD, 89 * mm, max_size=28, min_size=12)
    assert fitted.lines == ("Maria Fernanda Espinosa", "Garcés de la Torre")
    assert 12 <= fitted.size < 28
    assert max(text_width(line, BOLD, fitted.size) for line in fitted.lines) <= 89 * mm


def test_text_that_may_be_cut_too_long_for_two_lines_ends_with_an_ellipsis_not_overflowing():
    register_fonts()
    name = " ".join(["Bartholomew-Maximilian"] * 6)
    fitted = fit_text(name, BOLD, 89 * mm, max_size=28, min_size=12)
    assert fitted.size == 12
    assert len(fitted.lines) == 2
    assert fitted.lines[1].endswith("…")
    assert max(text_width(line, BOLD, 12) for line in fitted.lines) <= 89 * mm


@pytest.mark.parametrize("layout", ["a6", "card"])
def test_the_drawn_name_stays_inside_the_badge(layout):
    long_name = "Wolfgang Amadeus Theophilus Chrysostomus Mozart-Bartholdy von Salzburg"
    register_fonts()
    spec = LAYOUTS[layout]
    drawn = draw_badge(Canvas(io.BytesIO(), pagesize=spec.page), face(long_name), 0, 0, spec)
    assert drawn.size < spec.design.sizes["name"][0]
    pdf = pdf_of([face(long_name)], layout)
    boxes = word_boxes(pdf)
    x, _top, width = spec.design.text
    assert [w for w, x_min, x_max, _ in boxes if x_min < x - 0.5 or x_max > x + width + 0.5] == []
    assert {round(page_width) for *_, page_width in boxes} == {round(spec.page[0])}


def test_a4_sheets_hold_four_badges_a_page():
    codes = [f"MAYORS5:{'C' * 26}{n}" for n in range(9)]
    pdf = pdf_of([face(f"Delegate {n}", qr_text=code) for n, code in enumerate(codes)], "a4")
    assert page_count(pdf) == 3
    assert [(round(w / mm), round(h / mm)) for w, h in page_sizes(pdf)] == [(210, 297)] * 3
    assert qr_codes_by_page(pdf) == [codes[0:4], codes[4:8], codes[8:]]


def test_a4_badges_scan_in_reading_order():
    codes = [f"MAYORS5:{'D' * 26}{n}" for n in range(5)]
    pdf = pdf_of([face(qr_text=code) for code in codes], "a4")
    assert decode_qr_codes(pdf) == codes


def test_progress_hears_the_running_total_after_each_page():
    heard: list[int] = []
    count = write_badges([face()] * 9, io.BytesIO(), "a4", heard.append)
    assert (count, heard) == (9, [4, 8, 9])


def test_faces_are_read_lazily_a_page_at_a_time():
    taken: list[int] = []

    def faces():
        for n in range(8):
            taken.append(n)
            yield face()

    pages: list[int] = []
    write_badges(faces(), io.BytesIO(), "a4", lambda done: pages.append(len(taken)))
    # When the first page is finished, only its four faces have been asked for.
    assert pages == [4, 8]


LONG_NAME = "María Fernanda Rodríguez de la Concepción Villanueva-Echeverría"


@pytest.mark.parametrize(("layout", "legible"), [("a6", 14), ("a4", 14), ("card", 8)])
def test_a_very_long_name_wraps_at_a_legible_size_and_is_never_cut(layout, legible):
    register_fonts()
    spec = LAYOUTS[layout]
    drawn = draw_badge(Canvas(io.BytesIO(), pagesize=spec.page), face(LONG_NAME), 0, 0, spec)
    assert drawn.size >= legible
    assert " ".join(drawn.lines) == LONG_NAME
    lines = pdf_lines(pdf_of([face(LONG_NAME)], layout))
    name_lines = lines[1 : 1 + len(drawn.lines)]
    assert " ".join(name_lines) == LONG_NAME
    assert not any("…" in line for line in lines)
    _x, _top, width = spec.design.text
    assert max(text_width(line, BOLD, drawn.size) for line in drawn.lines) <= width


def test_a_name_of_one_enormous_word_is_set_smaller_rather_than_cut():
    register_fonts()
    word = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen"
    fitted = fit_text(word, BOLD, 89 * mm, max_size=28, min_size=14, max_lines=3, cut=False)
    assert fitted.lines == (word,)
    assert text_width(word, BOLD, fitted.size) <= 89 * mm


@pytest.mark.parametrize(
    ("written", "printed", "dropped"),
    [
        ("Ana 🌍 Pérez", "Ana Pérez", ("🌍",)),
        ("Ana Pérez 😀", "Ana Pérez", ("😀",)),  # the font has this one, but it is a pictograph
        ("Zoë ❤️ Li", "Zoë Li", ("❤", "\ufe0f")),
        ("Kim 👩\u200d👩\u200d👧 Lee", "Kim Lee", ("👩", "\u200d", "👩", "\u200d", "👧")),
        ("Nguyễn Thị Hương", "Nguyễn Thị Hương", ()),
    ],
)
def test_emoji_are_dropped_by_one_rule(written, printed, dropped):
    assert printable(written) == PrintedText(printed, dropped)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_emoji_in_a_name_prints_nothing_not_a_box(layout):
    lines = pdf_lines(pdf_of([face("Ana 🌍 Pérez")], layout))
    assert lines[1] == "Ana Pérez"
    assert not any(char in "".join(lines) for char in "🌍\ufffd\u25a1")
