"""The endorsement API's requests and answers: the desk, and the public list of cities."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr

from forum.api.types import Answer, Instant, Nonce, OneLine, Request, absent_when_none
from forum.endorsements.services import EndorseStatus
from forum.registration.cards import DelegateCard

QrText = Field(max_length=65_536, description="The text read from the signatory's badge")


class DeskPreviewRequest(Request):
    """A badge scanned at the desk, before anyone signs."""

    code: StrictStr = QrText


class DeskEndorseRequest(Request):
    """The signatory confirms: record the endorsement."""

    code: StrictStr = QrText
    nonce: Nonce = Field(description="Made by the desk; a replay gets the first answer")
    title: Annotated[str, Field(max_length=200), OneLine] | None = Field(
        None, description="The signatory's title as they confirm it"
    )


class DeskAnswer(Answer):
    """What the desk shows: who the badge names and whether (or that) they signed."""

    status: EndorseStatus
    message: str
    delegate: DelegateCard | None = Field(None, exclude_if=absent_when_none)
    position_title: str | None = Field(None, exclude_if=absent_when_none)
    endorsed_by: str | None = Field(
        None, exclude_if=absent_when_none, description="With already_endorsed: who signed first"
    )
    endorsed_at: Instant | None = Field(None, exclude_if=absent_when_none)
    commitment_url: str | None = Field(
        None,
        exclude_if=absent_when_none,
        description="Once the city has endorsed: the staff page recording a commitment for it",
    )


class WallEntry(Answer):
    """One endorsing city, as the wall shows it."""

    city: str
    country: str
    country_name: str
    flag: str = Field(description="URL of the country's flag, an SVG image")
    region: str | None
    region_name: str
    endorsed_at: Instant
    method: Literal["online", "on_site"]


class WallAnswer(Answer):
    """The running list of endorsing cities, newest first."""

    declaration: int
    count: int
    endorsements: list[WallEntry]
