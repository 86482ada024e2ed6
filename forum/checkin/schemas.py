"""The check-in API's requests and answers: parsed, built and documented from these models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt, StrictStr, field_validator

from forum.api.types import Answer, Instant, Nonce, OneLine, Request, absent_when_none
from forum.checkin.models import ENTRANCE, ScanStatus
from forum.registration.cards import DelegateCard
from forum.validation import MAX_INT

# QR texts are data read off a badge, not typed text: any characters, within reason.
QrText = Field(max_length=65_536, description="The text read from the badge's QR code")


def checkpoint_text(value: str | int) -> str:
    """'entrance', or a session id (as a number, a string of digits or 'session:<id>')."""
    raw = str(value).removeprefix("session:")
    if value == ENTRANCE:
        return ENTRANCE
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_INT:
        raise ValueError("must be 'entrance' or a session id")
    return raw


# 'entrance', or a forum session's id (alone or as 'session:<id>').
CheckpointText = Annotated[StrictStr, Field(pattern=r"^(entrance|(session:)?[1-9][0-9]{0,8})$")]
CheckpointId = Annotated[StrictInt, Field(ge=1, le=MAX_INT)]


class ScanRequest(Request):
    """One scan as a scanner sends it."""

    code: StrictStr = QrText
    checkpoint: CheckpointText | CheckpointId = Field(
        ENTRANCE, description="'entrance' or a forum session id"
    )
    nonce: Nonce = Field(description="Made by the scanner; a replay gets the first answer")
    scanned_at: Instant | None = Field(
        None,
        description="When scanned, for offline uploads: within the last 7 days (older or"
        " future times are refused with invalid_scanned_at)",
    )

    @field_validator("checkpoint")
    @classmethod
    def _known_checkpoint(cls, value: str | int) -> str:
        return checkpoint_text(value)


class ScanResult(Answer):
    """The answer to one scan; ``delegate`` only when the badge names an admitted delegate."""

    status: ScanStatus
    message: str
    checkpoint: str
    scanned_at: Instant
    delegate: DelegateCard | None = Field(None, exclude_if=absent_when_none)
    first_checked_in_at: Instant | None = Field(None, exclude_if=absent_when_none)


class RosterQuery(Request):
    """Which checkpoint the roster is for."""

    checkpoint: CheckpointText = ENTRANCE

    @field_validator("checkpoint")
    @classmethod
    def _known_checkpoint(cls, value: str) -> str:
        return checkpoint_text(value)


class RosterEntry(DelegateCard):
    """One badge, known by the SHA-256 of its code, and what a scanner may answer offline."""

    hash: str
    state: Literal["approved", "revoked", "not_approved"]
    admitted: bool
    signed_up: bool


class Roster(Answer):
    """Everything a scanner needs to answer at one checkpoint without the network."""

    edition: int
    checkpoint: str
    generated_at: Instant
    requires_signup: bool
    entries: list[RosterEntry]


class DelegatesQuery(Request):
    """A name, or part of one, typed at the door."""

    q: Annotated[str, Field(min_length=2, max_length=100), OneLine]


class DelegateMatch(DelegateCard):
    """A delegate found by name, with the QR text of their working badge."""

    code: str


class DelegatesAnswer(Answer):
    """Approved delegates whose name matches, at most 20."""

    delegates: list[DelegateMatch]
