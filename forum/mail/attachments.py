"""Files sent with e-mails: made when the e-mail is queued, or made when it is sent by a
maker an area registers. A certificate or a badge costs the request that causes the
e-mail several milliseconds; the sending worker has them to spare."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from forum.extensions import db

Maker = Callable[[Mapping[str, Any]], bytes]
_MAKERS: dict[str, Maker] = {}


class AttachmentUnavailable(Exception):
    """A maker could not make its file: the e-mail is tried again later, then given up."""


@dataclass(frozen=True)
class Attachment:
    """A file sent with an e-mail, made already."""

    filename: str
    content_type: str
    data: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "data": base64.b64encode(self.data).decode("ascii"),
        }


@dataclass(frozen=True)
class MadeWhenSent:
    """A file the registered ``maker`` makes from ``arguments`` (plain JSON values) when
    the e-mail is sent."""

    filename: str
    content_type: str
    maker: str
    arguments: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        if self.maker not in _MAKERS:
            raise LookupError(f"No attachment maker is registered as {self.maker!r}.")
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "maker": self.maker,
            "arguments": self.arguments,
        }


def attachment_maker(name: str) -> Callable[[Maker], Maker]:
    """Register the function that makes ``name``'s files (at import, as areas start)."""

    def register(maker: Maker) -> Maker:
        _MAKERS[name] = maker
        return maker

    return register


def attachment_files(stored: Sequence[Mapping[str, Any]]) -> list[tuple[str, str, bytes]]:
    """An outbox row's attachments as (filename, content type, bytes), made now where they
    were left to be made when sent."""
    return [(item["filename"], item["content_type"], _bytes_of(item)) for item in stored]


def _bytes_of(item: Mapping[str, Any]) -> bytes:
    if "maker" not in item:
        return base64.b64decode(item["data"])
    maker = _MAKERS.get(item["maker"])
    if maker is None:
        raise AttachmentUnavailable(f"no maker {item['maker']!r}")
    try:
        # In a savepoint: a query of the maker that fails must not end the sender's
        # transaction, which still records the failed attempt.
        with db.session.begin_nested():
            return maker(item.get("arguments") or {})
    except Exception as error:  # whatever went wrong, this e-mail waits and is tried again
        raise AttachmentUnavailable(f"{item['maker']}: {type(error).__name__}") from error
