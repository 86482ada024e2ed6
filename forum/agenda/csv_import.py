"""Importing forum sessions from CSV: every row checked before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time
from typing import TypeVar

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from forum.agenda.csv_words import COLUMNS, ImportWords
from forum.agenda.editing import SessionDraft, check_session, create_session
from forum.agenda.models import Room, Session, SessionKind, Theme
from forum.auth.models import User
from forum.editions.models import Edition
from forum.errors import DomainError, InvalidInput
from forum.extensions import db
from forum.spreadsheets import NotText, decode, sniff_delimiter, table_of_text

__all__ = ["COLUMNS", "apply_import", "file_note", "preview_import", "read_upload"]
REQUIRED = ("title", "date", "start", "end")
MAX_ROWS = 2000
MAX_BYTES = 1_000_000
# The CSV column that carries each field the session rules speak of.
COLUMN_OF = {"day": "date", "room_id": "room", "theme_id": "theme"}
T = TypeVar("T")


@dataclass
class ImportRow:
    """One line of the file: the session it would create, or what is wrong with it."""

    line: int
    values: dict[str, str]
    draft: SessionDraft | None = None
    problems: list[str] = field(default_factory=list)


class UnreadableFile(DomainError):
    """The file as a whole cannot be read."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__("unreadable_file", message)


def read_upload(upload: FileStorage | None) -> tuple[str, str]:
    """The text of an uploaded CSV file and the encoding it was read in; UnreadableFile when
    there is none or it is neither UTF-8 nor Windows-1252."""
    if upload is None:
        raise UnreadableFile(_("Choose a CSV file to import."))
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:  # cut short, it would be misread: refused whole
        raise UnreadableFile(_("The file is larger than 1 MB; import it in parts."))
    return read_bytes(data)


def read_bytes(data: bytes) -> tuple[str, str]:
    """The text of a CSV file's bytes and the encoding it was read in (upload and CLI)."""
    try:
        return decode(data)
    except NotText as error:
        raise UnreadableFile(
            _("The file is neither UTF-8 nor Windows-1252 text; save it as “CSV UTF-8”.")
        ) from error


def file_note(text: str, encoding: str) -> str:
    """How the file was read, for the preview: its encoding (if known) and its delimiter."""
    names = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs")}
    delimiter = names[sniff_delimiter(text)]
    if not encoding:
        return _("Columns separated by %(delimiter)s.", delimiter=delimiter)
    return _(
        "Read as %(encoding)s text, columns separated by %(delimiter)s.",
        encoding=encoding,
        delimiter=delimiter,
    )


def read_rows(text: str, words: ImportWords) -> list[dict[str, str]]:
    """The CSV's rows keyed by column (headers as stored or as labelled in any UI language);
    refuses a file without the required columns."""
    table = table_of_text(text)
    header = words.column_names(table.rows[0]) if table.rows else []
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise UnreadableFile(_("The file lacks the columns: %(names)s.", names=", ".join(missing)))
    rows = [
        {name: cell.strip() for name, cell in zip(header, cells, strict=False) if name}
        for cells in table.rows[1:]
        if any(cell.strip() for cell in cells)
    ]
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(_("At most %(count)d rows at a time.", count=MAX_ROWS))
    return rows


@dataclass(frozen=True)
class _Names:
    """What the cells of a file may name: themes by address, rooms by name, kinds by label."""

    themes: dict[str, int]
    rooms: dict[str, int]
    words: ImportWords


def preview_import(edition: Edition, text: str) -> list[ImportRow]:
    """Check every row against the programme and against the other rows; writes nothing."""
    themes = db.session.scalars(sa.select(Theme).where(Theme.edition_id == edition.id))
    rooms = db.session.scalars(sa.select(Room).where(Room.edition_id == edition.id))
    names = _Names(
        themes={t.slug: t.id for t in themes},
        rooms={r.name.casefold(): r.id for r in rooms},
        words=ImportWords(),
    )
    result = []
    for line, values in enumerate(read_rows(text, names.words), start=2):
        row = ImportRow(line, values)
        row.draft = _draft(values, names, row.problems)
        if row.draft is not None:
            try:
                check_session(edition, row.draft)
            except InvalidInput as error:
                row.problems.extend(
                    f"“{COLUMN_OF.get(field, field)}”: {message}"
                    for field, message in error.problems.items()
                )
        result.append(row)
    _check_rooms_within_file(edition, result)
    return result


def _draft(values: dict[str, str], names: _Names, problems: list[str]) -> SessionDraft | None:
    for name in REQUIRED:
        if not values.get(name):
            problems.append(_("“%(column)s” is empty.", column=name))
    kind = _kind(values.get("kind", ""), names.words, problems)
    day = _parse(
        lambda: date.fromisoformat(values["date"]), problems, _("Dates are written 2018-12-08.")
    )
    start = _parse(
        lambda: time.fromisoformat(values["start"]), problems, _("Times are written 09:30.")
    )
    end = _parse(lambda: time.fromisoformat(values["end"]), problems, _("Times are written 09:30."))
    capacity = _parse(
        lambda: int(values["capacity"]) if values.get("capacity") else None,
        problems,
        _("Places must be a whole number."),
    )
    theme_id = names.themes.get(values.get("theme", "")) if values.get("theme") else None
    if values.get("theme") and theme_id is None:
        problems.append(_("No theme has the address “%(slug)s”.", slug=values["theme"]))
    room_id = names.rooms.get(values.get("room", "").casefold()) if values.get("room") else None
    if values.get("room") and room_id is None:
        problems.append(_("No room is called “%(name)s”.", name=values["room"]))
    if problems or kind is None or day is None or start is None or end is None:
        return None
    return SessionDraft(
        title=values["title"],
        kind=kind,
        day=day,
        start=start,
        end=end,
        theme_id=theme_id,
        room_id=room_id,
        capacity=capacity,
        description=values.get("description", ""),
    )


def _kind(text: str, words: ImportWords, problems: list[str]) -> SessionKind | None:
    if not text:
        return SessionKind.THEME_SESSION
    try:
        return words.session_kind(text)
    except ValueError as error:
        problems.append(f"“kind”: {error}")
        return None


def _parse(read: Callable[[], T], problems: list[str], message: str) -> T | None:
    try:
        return read()
    except (ValueError, KeyError):
        problems.append(message)
        return None


def _check_rooms_within_file(edition: Edition, rows: list[ImportRow]) -> None:
    placed = [r for r in rows if r.draft is not None and r.draft.room_id is not None]
    for index, row in enumerate(placed):
        for other in placed[:index]:
            a, b = row.draft, other.draft
            assert a is not None and b is not None
            if (
                a.room_id == b.room_id
                and a.starts_at(edition) < b.ends_at(edition)
                and b.starts_at(edition) < a.ends_at(edition)
            ):
                row.problems.append(_("Same room and time as line %(line)d.", line=other.line))


def apply_import(edition: Edition, rows: list[ImportRow], *, actor: User | None) -> list[Session]:
    """Create every row's session in the caller's transaction; only for a clean preview."""
    if any(row.problems for row in rows):
        raise UnreadableFile(_("Fix every row before importing."))
    return [
        create_session(edition, row.draft, actor=actor) for row in rows if row.draft is not None
    ]
