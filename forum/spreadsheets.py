"""Files that organisers open in spreadsheet programs: UTF-8 they read right, and no cell a
spreadsheet would run as a formula."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

BOM = "\ufeff"  # makes Excel read the CSV as UTF-8, accents included
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

    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[object]) -> None:
        """Write one row, each text cell defused."""
        self._writer.writerow(safe_cell(cell) if isinstance(cell, str) else cell for cell in row)
