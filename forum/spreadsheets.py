"""Files that organisers open in spreadsheet programs: UTF-8 they read right, no cell a
spreadsheet would run as a formula, and the CSV files they save read whatever the program."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

BOM = "\ufeff"  # makes Excel read the CSV as UTF-8, accents included
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What makes Excel, LibreOffice or Sheets read a cell as a formula (OWASP, CSV injection),
# full-width forms included; leading spaces do not hide them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: str) -> str:
    """A text cell as a spreadsheet will show it, never run it."""
    if value[:1] in ("\t", "\r", "\n") or value.lstrip(" ")[:1] in _FORMULA_STARTS:
        return "'" + value
    return value


class SafeWriter:
    """A csv.writer that defuses every text cell, so no column can be forgotten."""

    def __init__(self, stream: TextIO, delimiter: str = ",") -> None:
        self._writer = csv.writer(stream, delimiter=delimiter)

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, each text cell defused."""
        self._writer.writerow(safe_cell(cell) if isinstance(cell, str) else cell for cell in row)


# What spreadsheet programs write as CSV: UTF-8 (with or without a BOM), else the Windows
# code page of a Western European Excel.
ENCODINGS = (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"))
DELIMITERS = ",;\t"  # English Excel writes commas; French and Spanish Excel, semicolons
_SAMPLE = 64 * 1024


class NotText(ValueError):
    """The bytes are neither UTF-8 nor Windows-1252 text."""


@dataclass(frozen=True)
class Table:
    """A CSV file read: its rows as lists of cells, and how it was written."""

    rows: list[list[str]]
    encoding: str  # as people call it: "UTF-8", "Windows-1252"
    delimiter: str


def decode(data: bytes) -> tuple[str, str]:
    """The text of a spreadsheet's CSV, and the name of the encoding it was written in."""
    for codec, name in ENCODINGS:
        try:
            return data.decode(codec), name  # strict: a wrong guess fails, not garbles
        except UnicodeDecodeError:
            continue
    raise NotText


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: comma, semicolon or tab."""
    header = text.lstrip(BOM).split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(text[:_SAMPLE], delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    if found and found in header:
        return found
    # The sniffer could not tell (one row, one column, ragged rows): the header line can.
    return max(DELIMITERS, key=header.count) if any(d in header for d in DELIMITERS) else ","


def read_table(data: bytes) -> Table:
    """The rows of a CSV file as a spreadsheet program wrote it; NotText if it is no text."""
    text, encoding = decode(data)
    return table_of_text(text, encoding)


def table_of_text(text: str, encoding: str = "") -> Table:
    """The rows of a CSV text, its delimiter detected."""
    text = text.lstrip(BOM)
    delimiter = sniff_delimiter(text)
    return Table(list(csv.reader(io.StringIO(text), delimiter=delimiter)), encoding, delimiter)


def plain_words(text: str) -> str:
    """A label as compared with what people type: no case, accents, underscores or extra spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("_", " "))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(letters.split())
