"""Reading an import file of entries: a CSV as any spreadsheet program saves it, or the first
sheet of an XLSX workbook (formulas kept as typed, never evaluated), as CSV text that the
preview carries to the confirming post."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from forum.agenda.csv_import import UnreadableFile, file_note, read_bytes

MAX_BYTES = 1_000_000
MAX_ROWS = 2000
MAX_COLUMNS = 40
XLSX = "XLSX"
_ZIP = b"PK\x03\x04"


def read_upload(upload: FileStorage | None) -> tuple[str, str]:
    """The text of an uploaded CSV or XLSX file and how it was read; UnreadableFile when
    there is none, it is too large, or it is neither."""
    if not isinstance(upload, FileStorage) or not upload.filename:
        raise UnreadableFile(_("Choose a CSV or XLSX file to import."))
    data = upload.read(MAX_BYTES + 1)
    return read_file(data)


def read_file(data: bytes) -> tuple[str, str]:
    """The text of a CSV or XLSX file's bytes and how it was read (the page and the CLI)."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(_("The file is larger than 1 MB; import it in parts."))
    if data.startswith(_ZIP):
        return xlsx_text(data), XLSX
    return read_bytes(data)


def _cell_text(value: object) -> str:
    """A cell as text: dates as 2020-12-31, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_text(data: bytes) -> str:
    """The first sheet of a workbook as CSV text (a formula stays its text, "=A1+1")."""
    from openpyxl import load_workbook  # only the import needs it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(_("The file is not a workbook that can be read.")) from error
    try:
        sheet = book.worksheets[0]
        out = io.StringIO()
        writer = csv.writer(out)
        for row in sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True):
            writer.writerow(_cell_text(value) for value in row)
        return out.getvalue()
    finally:
        book.close()


def note(text: str, encoding: str) -> str:
    """How the file was read, for the preview."""
    if encoding == XLSX:
        return _("Read from the first sheet of the workbook; formulas are not evaluated.")
    return file_note(text, encoding)
