"""Importing entries collected on paper: every row read, then checked by the commitments'
one validation, before anything is written; confirming writes every row in one transaction,
and only when no row has a problem."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from forum.agenda.csv_import import UnreadableFile
from forum.agenda.models import Theme
from forum.audit.services import record
from forum.cities.folding import match_key
from forum.cities.models import City
from forum.commitments.access import Editor, require_organiser
from forum.commitments.checks import CommitmentInput, commitment_values
from forum.commitments.import_files import MAX_ROWS
from forum.commitments.import_words import REQUIRED, ImportWords
from forum.commitments.models import Commitment, Status
from forum.commitments.services import create_draft, publish, submit
from forum.editions.models import Edition
from forum.errors import InvalidInput
from forum.extensions import db
from forum.spreadsheets import plain_words, table_of_text
from forum.validation import control_problem

# The file's column that carries each field the commitment rules speak of.
COLUMN_OF = {"theme_id": "theme", "contact_id": "city"}
_LIST = re.compile(r"[,;|/\n]+")
_DAY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")  # 31/12/2020, as Europe writes it


@dataclass
class ImportRow:
    """One line of the file: the entry it would create, or what is wrong, column by column."""

    line: int
    values: dict[str, str]
    city_id: int | None = None
    data: CommitmentInput | None = None
    status: Status = Status.DRAFT
    problems: list[tuple[str, str]] = field(default_factory=list)

    def refuse(self, column: str, message: str) -> None:
        """Note what is wrong with one column of this row."""
        self.problems.append((column, message))


def read_rows(text: str, words: ImportWords) -> list[tuple[int, dict[str, str]]]:
    """The file's rows keyed by column, with their line numbers; refuses a file without the
    required columns or with too many rows."""
    table = table_of_text(text)
    header = words.column_names(table.rows[0]) if table.rows else []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise UnreadableFile(_("The file lacks the columns: %(names)s.", names=", ".join(missing)))
    rows = [
        (line, {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name})
        for line, cells in enumerate(table.rows[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(_("At most %(count)d rows at a time.", count=MAX_ROWS))
    return rows


@dataclass(frozen=True)
class _Names:
    """What the cells may name: the edition's themes (by address or title), and the words."""

    themes: dict[str, int]
    words: ImportWords


def preview_import(edition: Edition, text: str) -> list[ImportRow]:
    """Check every row as the entry form would; writes nothing."""
    themes = db_themes(edition)
    names = _Names(themes, ImportWords())
    result = []
    for line, values in read_rows(text, names.words):
        row = ImportRow(line, values)
        _read_row(row, edition, names)
        result.append(row)
    return result


def db_themes(edition: Edition) -> dict[str, int]:
    """The edition's themes by address and by title, in plain words."""
    found: dict[str, int] = {}
    for theme in db.session.scalars(sa.select(Theme).where(Theme.edition_id == edition.id)):
        found[plain_words(theme.title)] = theme.id
        found[theme.slug.casefold()] = theme.id
    return found


def _read_row(row: ImportRow, edition: Edition, names: _Names) -> None:
    """Fill in the row's entry from its cells, or its problems."""
    for column, cell in row.values.items():
        if cell.startswith("="):
            row.refuse(column, _("Formulas are not evaluated: type the value itself."))
        elif column not in ("description", "target") and control_problem(cell, multiline=False):
            row.refuse(column, str(control_problem(cell, multiline=False)))
    if row.problems:
        return
    row.city_id = _city(row)
    data = _input(row, names)
    try:  # the one validation speaks too, on the columns the reading found no fault with
        commitment_values(data, edition.id, row.city_id or 0)
    except InvalidInput as error:
        seen = {column for column, _message in row.problems}
        for name, message in error.problems.items():
            if COLUMN_OF.get(name, name) not in seen:
                row.refuse(COLUMN_OF.get(name, name), message)
    if not row.problems:
        row.data = data


def _city(row: ImportRow) -> int | None:
    """The city a row names by country code and name, among the known cities."""
    code, name = row.values.get("country", "").upper(), row.values.get("city", "")
    for column, value in (("country", code), ("city", name)):
        if not value:
            row.refuse(column, _("This field is required."))
    if not code or not name:
        return None
    found = db.session.scalar(
        sa.select(City.id).where(City.country_code == code, City.match_key == match_key(name))
    )
    if found is None:
        row.refuse("city", _("No city “%(name)s” in country “%(code)s”.", name=name, code=code))
    return found


def _input(row: ImportRow, names: _Names) -> CommitmentInput:
    """The row as the entry form's input; unknown words noted as problems."""
    cell = row.values.get
    theme_id = names.themes.get(plain_words(cell("theme", ""))) or names.themes.get(
        cell("theme", "").casefold()
    )
    if theme_id is None:
        row.refuse(
            "theme", _("No theme of this edition is called “%(name)s”.", name=cell("theme", ""))
        )
    status = _word(row, names.words, "status") or Status.DRAFT.value
    row.status = Status(status)
    return CommitmentInput(
        theme_id=theme_id,
        kind=_word(row, names.words, "kind"),
        title=cell("title", ""),
        description=cell("description", ""),
        language=_word(row, names.words, "language") or "en",
        support_areas=_areas(row, names.words),
        partnership_level=_word(row, names.words, "partnership_level"),
        gcm_objectives=_numbers(row),
        target=cell("target", ""),
        target_date=_date(row),
        partners=cell("partners", ""),
    )


def _word(row: ImportRow, words: ImportWords, column: str) -> str | None:
    """The stored value a cell names (None for an empty cell), or a problem."""
    text = row.values.get(column, "")
    if not text:
        return None
    value = words.value(column, text)
    if value is None:
        row.refuse(column, _("“%(text)s” is not one of the options.", text=text))
    return value


def _areas(row: ImportRow, words: ImportWords) -> list[str]:
    text = re.sub(r"\([^)]*\)", " ", row.values.get("support_areas", ""))
    found = []
    for part in filter(None, (piece.strip() for piece in _LIST.split(text))):
        value = words.value("support_areas", part)
        if value is None:
            row.refuse("support_areas", _("“%(text)s” is not one of the options.", text=part))
        else:
            found.append(value)
    return found


def _numbers(row: ImportRow) -> list[int]:
    parts = [p.strip() for p in re.split(r"[\s,;|/]+", row.values.get("gcm_objectives", ""))]
    if not all(part.isdigit() and len(part) < 4 for part in parts if part):
        row.refuse("gcm_objectives", _("Write objective numbers from 1 to 23, such as 1, 16."))
        return []
    return [int(part) for part in parts if part]


def _date(row: ImportRow) -> date | None:
    text = row.values.get("target_date", "")
    if not text:
        return None
    european = _DAY.fullmatch(text)
    try:
        if european:
            return date(int(european[3]), int(european[2]), int(european[1]))
        return date.fromisoformat(text)
    except ValueError:
        row.refuse("target_date", _("Dates are written 2020-12-31."))
        return None


def apply_import(
    edition: Edition, rows: list[ImportRow], *, editor: Editor, now: datetime
) -> list[Commitment]:
    """Create every row's entry in the caller's one transaction; only for a clean preview."""
    require_organiser(editor)
    if not rows or any(row.problems or row.data is None for row in rows):
        raise UnreadableFile(_("Fix every row before importing."))
    made = []
    for row in rows:
        assert row.data is not None and row.city_id is not None
        entry = create_draft(edition, row.city_id, row.data, editor=editor, now=now)
        record("commitment.imported", entry, actor=editor.user, line=row.line)
        if row.status in (Status.SUBMITTED, Status.PUBLISHED):
            submit(entry.id, editor=editor, now=now)
        if row.status is Status.PUBLISHED:
            publish(entry.id, editor=editor, now=now)
        made.append(entry)
    return made
