"""Every entry of an edition for organisers, as CSV (UTF-8 with BOM) or XLSX, the same
columns in both and every text cell defused, so no spreadsheet runs one as a formula."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from forum.commitments.models import Commitment
from forum.commitments.progress import staleness
from forum.commitments.queries import Filter, all_entries
from forum.db import utcnow
from forum.spreadsheets import BOM, SafeWriter, safe_cell

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

COLUMNS = [
    "id", "city", "country", "theme", "kind", "status", "public", "title", "description",
    "language", "support_areas", "partnership_level", "gcm_objectives", "gcr_objectives",
    "target", "target_date", "partners", "contact", "progress", "percent", "last_update",
    "staleness", "published_at",
]  # fmt: skip


def _row(entry: Commitment) -> list[str]:
    latest = entry.latest_update
    colour = staleness(latest.reported_on if latest else None, entry.published_at, utcnow())
    return [
        str(entry.id), entry.city.name, entry.city.country_code, entry.theme.slug,
        entry.kind.value, entry.status.value, "yes" if entry.is_public else "no", entry.title,
        entry.description, entry.language, " ".join(a.value for a in entry.support_areas),
        entry.partnership_level.value if entry.partnership_level else "",
        " ".join(map(str, entry.gcm_objectives)), " ".join(map(str, entry.gcr_objectives)),
        entry.target, entry.target_date.isoformat() if entry.target_date else "", entry.partners,
        entry.contact.full_name if entry.contact else "",
        latest.status.value if latest else "",
        "" if latest is None or latest.percent is None else str(latest.percent),
        latest.reported_on.isoformat() if latest else "", colour.value,
        entry.published_at.isoformat() if entry.published_at else "",
    ]  # fmt: skip


def entries_csv(edition_id: int, where: Filter) -> str:
    """The entries the organisers' list shows, one line each."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(COLUMNS)
    for entry in all_entries(edition_id, where):
        writer.writerow(_row(entry))
    return BOM + buffer.getvalue()


NUMBERS = {COLUMNS.index("id"), COLUMNS.index("percent")}  # numbers a spreadsheet can sum


def xlsx_cell(column: int, value: str) -> str | int | None:
    """A cell as XLSX holds it: numbers as numbers, text defused and without the control
    characters XML cannot carry (a tab or a line break stays)."""
    if column in NUMBERS:
        return int(value) if value else None
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))


def entries_xlsx(edition_id: int, where: Filter) -> bytes:
    """The entries the organisers' list shows as one worksheet, a bold header row first."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Commitments")
    sheet.freeze_panes = "A2"
    sheet.append([_header(sheet, name) for name in COLUMNS])
    for entry in all_entries(edition_id, where):
        sheet.append([xlsx_cell(i, value) for i, value in enumerate(_row(entry))])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header(sheet: WriteOnlyWorksheet, name: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=name)
    cell.font = Font(bold=True)
    return cell
