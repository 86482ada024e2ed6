"""Reading the CSV files spreadsheet programs save: which delimiter, which encoding."""

from __future__ import annotations

import pytest

from forum.spreadsheets import NotText, decode, plain_words, read_table, sniff_delimiter


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("title,date\nA; b; c,2018-12-08\n", ","),
        ("title;date\nA, b, c;2018-12-08\nB, d;2018-12-09\n", ";"),
        ("title\tdate\nX, y; z\t2018-12-08\n", "\t"),
        ('"title, long";date\n"a;b";2018-12-08\n', ";"),
        ("title;date\n", ";"),  # a header alone: the sniffer cannot tell, the header can
        ("title\n", ","),
    ],
)
def test_the_delimiter_is_found_whatever_the_cells_hold(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_utf8_with_or_without_bom_then_windows_1252_else_refused():
    assert decode("Thème".encode("utf-8-sig")) == ("Thème", "UTF-8")  # the BOM dropped
    assert decode("Thème".encode()) == ("Thème", "UTF-8")
    assert decode("Thème €".encode("cp1252")) == ("Thème €", "Windows-1252")
    with pytest.raises(NotText):
        decode(b"\x81\x8d")
    table = read_table("titre;thème\r\nA;B\r\n".encode("utf-8-sig"))
    assert (table.rows, table.delimiter) == ([["titre", "thème"], ["A", "B"]], ";")


def test_labels_compare_without_case_accents_or_underscores():
    assert plain_words("  Séance   THÉMATIQUE ") == plain_words("seance thematique")
    assert plain_words("theme_session") == "theme session"
