"""One set of input rules for every entry path: the forms, the CSV import, the API and the CLI
all reach the same service, and the service checks its input with these."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

from forum.errors import InvalidInput

# C0 controls except tab, newline and carriage return; DEL; the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\t\n\r\u2028\u2029]")
# What the database's integer columns hold on every engine we run on.
MAX_INT = 2**31 - 1


def control_problem(text: str, *, multiline: bool) -> str | None:
    """Why ``text`` cannot be stored as typed, or None: invisible control characters, or a
    line break (or tab) where one line is expected."""
    if _CONTROL.search(text):
        return _("Please remove the invisible control characters.")
    if not multiline and _LINE_BREAK.search(text):
        return _("Please keep this on one line.")
    return None


@dataclass(frozen=True)
class Text:
    """A rule for a text field: its length, whether it may be empty, whether lines may break."""

    max_length: int
    required: bool = True
    multiline: bool = False


@dataclass(frozen=True)
class Whole:
    """A rule for a whole number: its bounds (within what the database holds)."""

    minimum: int = 0
    maximum: int = MAX_INT


class Checks:
    """Collects what is wrong with each field of one input, so every problem is said at once."""

    def __init__(self) -> None:
        self.problems: dict[str, str] = {}

    def text(self, field: str, value: str | None, rule: Text) -> str:
        """The text cleaned (trimmed, line ends made \\n), noting what breaks ``rule``."""
        cleaned = (value or "").replace("\r\n", "\n").strip()
        problem = control_problem(cleaned, multiline=rule.multiline)
        if problem is None and rule.required and not cleaned:
            problem = _("This field is required.")
        if problem is None and len(cleaned) > rule.max_length:
            problem = _("This cannot be longer than %(max)d characters.", max=rule.max_length)
        if problem is not None:
            self.refuse(field, problem)
        return cleaned

    def whole(self, field: str, value: int | None, rule: Whole, *, required: bool = False) -> None:
        """Note a number that is missing when required, or outside ``rule``'s bounds."""
        if value is None:
            if required:
                self.refuse(field, _("This field is required."))
            return
        if not rule.minimum <= value <= rule.maximum:
            message = _(
                "Number must be between %(min)d and %(max)d.", min=rule.minimum, max=rule.maximum
            )
            self.refuse(field, message)

    def refuse(self, field: str, message: str) -> None:
        """Note a problem with ``field`` (the first one found is kept)."""
        self.problems.setdefault(field, message)

    def done(self) -> None:
        """Raise InvalidInput naming every problem noted, if any."""
        if self.problems:
            raise InvalidInput(self.problems)
