"""The bidi algorithm and the run splitting that put Arabic and Latin on one printed line."""

from __future__ import annotations

import uharfbuzz
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from forum.pdf_bidi import base_level, embedding_levels, visual_order
from forum.pdf_fonts import ARABIC_BOLD, BOLD, FONT_DIR, REGULAR, register_fonts
from forum.pdf_paragraph import wrap_lines
from forum.pdf_text import line_width, needs_layout, runs

# Letters of both directions, both kinds of digits, and the neutrals names and titles hold
# (no brackets: python-bidi's display mirrors them, which HarfBuzz does at drawing time).
ALPHABET = "abcXYZéعبدالرحمن0123٠١٢٣ ,.-%:/+$"


def _mine(text: str) -> str:
    return "".join(text[i] for i in visual_order(embedding_levels(text)))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_the_visual_order_is_python_bidis(text):
    assert _mine(text) == get_display(text)


def test_known_lines_read_as_written():
    assert _mine("abc عبد 123") == "abc 123 دبع"
    assert _mine("عبد 2026 الرحمن") == "نمحرلا 2026 دبع"
    assert base_level("  123 عبد abc") == 1
    assert base_level("Marrakech عبد") == 0


def test_an_arabic_name_then_a_city_is_two_runs_the_city_on_the_left():
    parts = runs("عبد الرحمن العلمي, Marrakech", BOLD)
    assert [(part.text, part.font, part.rtl) for part in parts] == [
        ("Marrakech", BOLD, False),
        ("عبد الرحمن العلمي, ", ARABIC_BOLD, True),
    ]


def test_the_width_is_harfbuzzs_advance_for_arabic_and_reportlabs_for_latin():
    register_fonts()
    blob = uharfbuzz.Blob((FONT_DIR / "NotoSansArabic-Bold.ttf").read_bytes())
    font = uharfbuzz.Font(uharfbuzz.Face(blob))
    buffer = uharfbuzz.Buffer()
    buffer.add_str("العلمي")
    buffer.guess_segment_properties()
    uharfbuzz.shape(font, buffer, {"kern": True, "liga": True})
    advance = sum(p.x_advance for p in buffer.glyph_positions) / font.face.upem
    latin = pdfmetrics.stringWidth("Marrakech ", BOLD, 12)
    assert abs(line_width("Marrakech العلمي", BOLD, 12) - (latin + advance * 12)) < 1e-6
    assert line_width("Valérie Plante", REGULAR, 9) == pdfmetrics.stringWidth(
        "Valérie Plante", REGULAR, 9
    )


def test_only_text_with_arabic_or_right_to_left_letters_takes_the_new_path():
    assert not needs_layout("Nguyễn Thị Hương · Łódź · 2026")
    assert needs_layout("عبد")
    assert needs_layout("שלום")
    assert runs("Valérie Plante", BOLD)[0].drawn == "Valérie Plante"


def test_wrapping_breaks_in_reading_order_and_keeps_every_word():
    text = "عبد الرحمن بن محمد العلمي الإدريسي"
    lines = wrap_lines(text, BOLD, 20, 120)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert lines[0].startswith("عبد")
    assert all(line_width(line, BOLD, 20) <= 120 for line in lines if " " in line)
