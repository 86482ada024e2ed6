"""Arabic on badges: letters joined by HarfBuzz, right to left, beside Latin in its own font."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium

from forum.badges.sheets import LAYOUTS
from forum.badges.typesetting import fit_text, printable
from forum.pdf_fonts import BOLD
from forum.pdf_text import line_width
from tests.badges.helpers import face, pdf_of
from tests.pdf_glyphs import drawn_runs, glyphs_in, nominal, shaped
from tests.pdf_reading import page_words, qr_spans, word_rows

NAME = "عبد الرحمن العلمي"
ARABIC_BOLD = "NotoSansArabic-Bold"
LATIN_BOLD = "DejaVuSans-Bold"


def _text(pdf: bytes) -> str:
    """PDFium's reading of the first page, presentation forms folded to plain letters."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
    finally:
        document.close()
    return unicodedata.normalize("NFKC", text)


def test_an_arabic_name_is_drawn_as_harfbuzz_shapes_it():
    width = LAYOUTS["a6"].design.text[2]
    assert fit_text(NAME, BOLD, width, max_size=30, min_size=8).lines == (NAME,)
    pdf = pdf_of([face(name=NAME, city="Marrakech", country="Morocco")])
    drawn = glyphs_in(drawn_runs(pdf), ARABIC_BOLD)
    expected = shaped(NAME, "NotoSansArabic-Bold.ttf")
    assert drawn == expected
    # The proof has teeth: isolated letters in typing order (or their mirror) differ.
    isolated = nominal(NAME, "NotoSansArabic-Bold.ttf")
    assert expected not in {isolated, isolated[::-1]}


def test_an_independent_reader_gets_the_name_back_in_reading_order():
    pdf = pdf_of([face(name=NAME, city="Marrakech", country="Morocco")])
    text = _text(pdf)
    assert NAME in text
    assert "Marrakech, Morocco" in text


def test_a_mixed_line_keeps_latin_left_in_its_font_and_arabic_right_in_its_own():
    place = "Marrakech, المغرب"  # the city in French, the country in Arabic: one line
    pdf = pdf_of([face(name="Valérie Plante", city="Marrakech", country="المغرب")])
    runs = [run for run in drawn_runs(pdf) if run.glyphs]
    arabic = [run for run in runs if run.font == ARABIC_BOLD]
    assert [run.glyphs for run in arabic] == [shaped("المغرب", "NotoSansArabic-Bold.ttf")]
    latin = next(run for run in runs if run.y == arabic[0].y and run.font == LATIN_BOLD)
    assert latin.glyphs == nominal("Marrakech, ", "DejaVuSans-Bold.ttf")
    assert latin.x < arabic[0].x
    assert place in _text(pdf)


def test_a_latin_name_draws_the_same_glyphs_as_before():
    name = "Nguyễn Thị Hương"
    pdf = pdf_of([face(name=name, city="Hà Nội", country="Viet Nam")])
    runs = drawn_runs(pdf)
    assert not glyphs_in(runs, ARABIC_BOLD)
    # One plain string per line, each character its own glyph: nothing reshaped or kerned.
    lines = {run.glyphs for run in runs}
    assert nominal(name, "DejaVuSans-Bold.ttf") in lines
    assert nominal("Hà Nội, Viet Nam", "DejaVuSans-Bold.ttf") in lines


def test_a_long_arabic_name_wraps_and_every_line_fits():
    long_name = "عبد الرحمن بن محمد بن عبد الله العلمي الإدريسي الحسني"
    width = LAYOUTS["a6"].design.text[2]
    fitted = fit_text(long_name, BOLD, width, max_size=30, min_size=14, max_lines=3, cut=False)
    assert len(fitted.lines) > 1
    assert " ".join(fitted.lines) == long_name
    assert all(line_width(line, BOLD, fitted.size) <= width for line in fitted.lines)


def test_the_printing_rule_keeps_arabic_and_still_drops_emoji():
    printed = printable(f"{NAME} 🌍")
    assert printed.text == NAME
    assert printed.dropped == ("🌍",)


def test_vowel_marks_and_the_lam_alef_ligature_are_drawn_as_harfbuzz_places_them():
    name = "مُحَمَّد لا إله"  # marks raised over their letters; lam and alef as one glyph
    pdf = pdf_of([face(name=name, city="Fès", country="Maroc")])
    drawn = glyphs_in(drawn_runs(pdf), ARABIC_BOLD)
    assert drawn == shaped(name, "NotoSansArabic-Bold.ttf")
    assert len(drawn) < len(name)  # ligatures (lam-alef, shadda and its vowel) join two in one


def _card(direction: str) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """A card's QR code span, and the left and right ends of each line of its text column
    (the band at its foot aside)."""
    card = face(name=NAME, city="مراكش", country="المغرب", position="عمدة", direction=direction)
    pdf = pdf_of([card], "card")
    [(_text, qr_left, qr_right)] = qr_spans(pdf)
    band = LAYOUTS["card"].design.band_height
    words = [word for word in page_words(pdf)[0] if word.bottom > band]
    return (qr_left, qr_right), [(row[0].left, row[-1].right) for row in word_rows(words)]


def test_a_card_in_arabic_is_mirrored_its_qr_left_and_its_lines_hanging_from_the_right():
    layout = LAYOUTS["card"]
    width, margin = layout.badge[0], layout.design.text[0]
    (qr_left, _right), lines = _card("ltr")
    assert qr_left > width / 2  # as it always was: text on the left, the code on the right
    assert all(abs(left - margin) < 1.5 for left, _right in lines)
    (_left, qr_right), lines = _card("rtl")
    assert qr_right < width / 2
    assert len(lines) >= 4  # edition, name, position, place
    assert all(left > qr_right for left, _right in lines)
    assert all(abs(right - (width - margin)) < 1.5 for _left, right in lines)


def test_a_badge_face_takes_the_direction_of_its_language(app):
    from flask_babel import force_locale

    from forum.badges.printing import badge_face
    from tests import factories
    from tests.badges.helpers import approved, badge_of

    with app.test_request_context():
        registration = approved(factories.edition(), "a@example.org")
        for locale, direction in (("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")):
            with force_locale(locale):
                assert badge_face(badge_of(registration)).direction == direction
