"""Arabic in the platypus PDFs: the declaration, its signatories, certificates, the printed
programme and visa letters draw Arabic names and titles shaped, beside French text."""

from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pytest

from forum.agenda.booklet import Booklet, BookletDay, BookletItem, booklet_pdf
from forum.endorsements.exports import Signatory
from forum.endorsements.pdf import (
    Certificate,
    CertificateWords,
    DeclarationPrint,
    SignatoryList,
    certificate_pdf,
    declaration_pdf,
    signatories_pdf,
)
from forum.visas.letter import LetterText, letter_pdf
from tests.pdf_glyphs import drawn_runs, glyphs_in, shaped
from tests.pdf_reading import Word, page_sizes, page_words

NAME = "عبد الرحمن العلمي"
TITLE = "إعلان مراكش بشأن الهجرة"
REGULAR, BOLD = "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"


def _text(pdf: bytes, page: int = 0) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        text = document[page].get_textpage().get_text_range()
    finally:
        document.close()
    return unicodedata.normalize("NFKC", text)


def _contains(haystack: tuple, needle: tuple) -> bool:
    """Whether the glyphs ``needle`` are drawn one after another inside ``haystack``."""
    return any(haystack[i : i + len(needle)] == needle for i in range(len(haystack)))


def _arabic(pdf: bytes, weight: str = "Bold") -> tuple:
    return glyphs_in(drawn_runs(pdf), f"NotoSansArabic-{weight}")


def test_the_declaration_in_arabic_prints_its_title_and_body_shaped():
    body = f"نحن رؤساء البلديات نلتزم بما يلي.\n\n{NAME} يوقع باسم مدينة مراكش."
    pdf = declaration_pdf(DeclarationPrint("ar", TITLE, body, "Mayoral Forum · Marrakech 2018"))
    assert _contains(_arabic(pdf), shaped(TITLE, BOLD))
    assert _contains(_arabic(pdf, "Regular"), shaped("نلتزم", REGULAR))
    text = _text(pdf)
    assert TITLE in text
    assert NAME in text
    assert "Mayoral Forum · Marrakech 2018" in text


def test_the_signatory_list_prints_an_arabic_name_beside_a_french_city():
    row = Signatory("Marrakech", "Maroc", NAME, "Maire", "1 novembre 2018", "en ligne")
    columns = ("Ville", "Pays", "Nom", "Fonction", "Date", "Mode")
    pdf = signatories_pdf(SignatoryList("fr", "Déclaration", "1 ville", columns, [row], "Forum"))
    assert _contains(_arabic(pdf, "Regular"), shaped(NAME, REGULAR))
    # PDFium reads each Arabic word in its order but, inside a left-to-right table row, lists
    # the words as they stand on the page: the name's words, not the name, are found.
    row_line = next(line for line in _text(pdf).splitlines() if "Marrakech" in line)
    assert all(word in row_line.split() for word in NAME.split())


def test_a_certificate_prints_the_arabic_city_and_name():
    words = CertificateWords("شهادة تأييد", "أيدت", "وقع", "التاريخ", "الطريقة", "الرقم", "المنتدى")
    certificate = Certificate(
        "ar", "MF5-000123", "مراكش", "المغرب", NAME, "عمدة", TITLE, "1 نوفمبر 2018",
        "عبر الإنترنت", words,
    )  # fmt: skip
    pdf = certificate_pdf(certificate)
    arabic = _arabic(pdf)
    assert _contains(arabic, shaped("مراكش", BOLD))
    assert _contains(arabic, shaped(TITLE, BOLD))
    text = _text(pdf)
    assert NAME in text
    assert "MF5-000123" in text


def _booklet(title: str, cancelled: bool = False) -> Booklet:
    item = BookletItem("09:00–10:30", title, "Séance plénière · Salle A", cancelled=cancelled)
    return Booklet(
        "fr", "Forum des maires", "Programme", "5e édition · Marrakech, Maroc", "1–2 novembre",
        "Palais des congrès", "Heures de Marrakech", "Forum des maires",
        "Page %(page)s sur %(pages)s", "annulée", days=(BookletDay("Jeudi 1 novembre", (item,)),),
    )  # fmt: skip


@pytest.mark.parametrize("cancelled", [False, True])
def test_the_booklet_prints_an_arabic_session_title_shaped(cancelled):
    pdf = booklet_pdf(_booklet(TITLE, cancelled))
    runs = [run for page in range(2) for run in drawn_runs(pdf, page)]
    assert _contains(glyphs_in(runs, "NotoSansArabic-Bold"), shaped(TITLE, BOLD))
    assert TITLE in _text(pdf, 1)
    assert ("annulée" in _text(pdf, 1)) is cancelled


def test_a_visa_letter_names_an_arabic_delegate_inside_a_french_paragraph():
    paragraph = (
        f"Nous avons le plaisir d'inviter {NAME}, maire de Marrakech, au Forum des maires "
        "qui se tiendra à Marrakech du 1 au 2 novembre 2018."
    )
    text = LetterText(
        "fr", "Forum des maires", "5e édition", "Marrakech, le 1 octobre 2018",
        "À l'ambassade ou au consulat", "Lettre d'invitation", (paragraph,), NAME, "Secrétariat",
        "Vérifiez cette lettre sur", "https://forum.example/v", "ABCD-EFGH-JKMN",
    )  # fmt: skip
    pdf = letter_pdf(text)
    assert _contains(_arabic(pdf, "Regular"), shaped(NAME, REGULAR))
    assert _contains(_arabic(pdf), shaped(NAME, BOLD))  # the signatory's name, in bold
    read = _text(pdf)
    assert NAME in read
    assert "maire de Marrakech" in read


def test_a_long_arabic_declaration_runs_onto_a_second_page_losing_no_word():
    paragraph = "نحن رؤساء البلديات نلتزم بما يلي في مدينة مراكش " * 12
    body = "\n\n".join(f"{paragraph}{number}" for number in range(8))
    pdf = declaration_pdf(DeclarationPrint("ar", TITLE, body, "Forum"))
    pages = [_text(pdf, page) for page in range(2)]
    assert all("مراكش" in page for page in pages)
    assert sum(page.count("مراكش") for page in pages) == 12 * 8 + 1  # and once in the title


def _word(pdf: bytes, text: str, page: int = 0) -> Word:
    """The first word PDFium reads as ``text`` (Arabic letters come in drawing order)."""
    for word in page_words(pdf)[page]:
        if unicodedata.normalize("NFKC", word.text) in {text, text[::-1]}:
            return word
    raise AssertionError(f"{text!r} is not on page {page + 1}")


def test_an_arabic_certificate_reads_from_the_right_labels_beside_their_values():
    words = CertificateWords("شهادة تأييد", "أيدت", "وقع", "التاريخ", "الطريقة", "الرقم", "المنتدى")
    certificate = Certificate(
        "ar", "MF5-000123", "مراكش", "المغرب", NAME, "عمدة", TITLE, "1 نوفمبر 2018", "Online",
        words,
    )  # fmt: skip
    pdf = certificate_pdf(certificate)
    assert _word(pdf, "الرقم").left > _word(pdf, "MF5-000123").right
    assert _word(pdf, "الطريقة").left > _word(pdf, "Online").right


def test_an_arabic_signatory_list_puts_the_city_column_on_the_right_and_the_footer_too():
    row = Signatory("Paris", "France", "Hidalgo", "Maire", "2018", "Online")
    columns = ("المدينة", "البلد", "الاسم", "الصفة", "التاريخ", "الطريقة")
    pdf = signatories_pdf(SignatoryList("ar", "إعلان", "مدينة واحدة", columns, [row], "المنتدى"))
    lefts = [_word(pdf, value).left for value in ("Paris", "France", "Hidalgo", "Maire", "2018")]
    assert lefts == sorted(lefts, reverse=True)
    assert _word(pdf, "المدينة").left > _word(pdf, "البلد").left
    width = page_sizes(pdf)[0][0]
    assert _word(pdf, "المنتدى").left > width / 2  # the footer's text on the right
    assert _word(pdf, "/").right < width / 2  # "1 / 1" on the left


def test_a_french_signatory_list_keeps_the_city_column_on_the_left():
    row = Signatory("Paris", "France", "Hidalgo", "Maire", "2018", "en ligne")
    columns = ("Ville", "Pays", "Nom", "Fonction", "Date", "Mode")
    pdf = signatories_pdf(SignatoryList("fr", "Déclaration", "1 ville", columns, [row], "Forum"))
    lefts = [_word(pdf, value).left for value in ("Paris", "France", "Hidalgo", "Maire", "2018")]
    assert lefts == sorted(lefts)


def test_an_arabic_booklet_mirrors_its_footer():
    booklet = Booklet(
        "ar", "منتدى", "البرنامج", "الدورة الخامسة", "1–2 نوفمبر", "قصر المؤتمرات", "بتوقيت مراكش",
        "Forum", "الصفحة %(page)s من %(pages)s", "ملغاة",
        days=(BookletDay("الخميس", (BookletItem("09:00", "Plenary", "Room A"),)),),
    )  # fmt: skip
    pdf = booklet_pdf(booklet)
    width = page_sizes(pdf)[1][0]
    assert _word(pdf, "Forum", 1).left > width / 2
    assert _word(pdf, "الصفحة", 1).right < width / 2
    # Latin text in a right-to-left document hangs on the right as well.
    assert _word(pdf, "Plenary", 1).left > width / 2
