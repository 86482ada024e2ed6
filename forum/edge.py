"""The edge: what no honest client sends is refused before any view runs.

Control characters in addresses and query strings, numbers larger than the database's
integer columns, JSON nested past any sane depth: each gets a clear 400 (JSON under /api/, a
page elsewhere) instead of an error deep in the database. Form fields and JSON bodies are
checked field by field, with the same rule, by the forms (forum.forms.Form) and the API's
schemas (forum.api.types), so each message names its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import orjson
from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map

from forum.validation import MAX_INT, control_problem

_INTEGER = re.compile(r"-?\d+")


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` URL parts no larger than the database's integers (larger ones are a 404)."""

    def __init__(self, url_map: Map, fixed_digits: int = 0, min: int | None = None) -> None:
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=MAX_INT)


class FastJSON(DefaultJSONProvider):
    """JSON through orjson: fast, and deep nesting is a decoding error, never a crash."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return orjson.dumps(obj, default=self.default, option=orjson.OPT_NON_STR_KEYS).decode()

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return orjson.loads(s)


class HostileInput(BadRequest):
    """Input no honest client sends; ``code`` names what was wrong."""

    def __init__(self, code: str, description: str) -> None:
        super().__init__(description)
        self.code_name = code


def _refuse_controls(texts: Iterable[str], *, multiline: bool) -> None:
    for text in texts:
        if control_problem(text, multiline=multiline) is not None:
            raise HostileInput(
                "invalid_characters",
                "The request holds invisible control characters (or line breaks where none go).",
            )


def _check_number(text: str) -> None:
    if _INTEGER.fullmatch(text) and abs(int(text)) > MAX_INT:
        raise HostileInput("number_out_of_range", f"Numbers go up to {MAX_INT}.")


def refuse_hostile_input() -> None:
    """Before every request: look at the address and the query string."""
    query = [text for pair in request.args.items(multi=True) for text in pair]
    addresses = [*query, *(str(part) for part in (request.view_args or {}).values())]
    _refuse_controls(addresses, multiline=False)
    for text in addresses:
        _check_number(text)


def init_app(app: Flask) -> None:
    """Install the JSON provider, the bounded integer converter and the input check."""
    app.json = FastJSON(app)
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_hostile_input)
