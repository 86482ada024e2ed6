"""The programme as the JSON API gives it: the query, one session, a page of them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from forum.agenda.models import PersonRole, SessionKind, SessionSource, SessionStatus
from forum.api.editions import EditionNumber
from forum.api.languages import LANG_HELP, Lang, TextLanguage
from forum.api.types import Answer, Instant, IsoDate, OneLine, Request
from forum.validation import MAX_INT

MAX_PER_PAGE = 500


class SessionsQuery(Request):
    """Filters and the page of GET /api/v1/sessions; a filter left out does not filter."""

    day: IsoDate | None = Field(None, description="Local day in the edition's time zone")
    theme: Annotated[str, Field(max_length=80), OneLine] | None = Field(
        None, description="Theme slug"
    )
    source: Literal["forum", "gfmd"] | None = None
    edition: EditionNumber | None = Field(None, description="Edition number; the current one")
    lang: Lang | None = Field(None, description=LANG_HELP)
    page: Annotated[int, Field(ge=1, le=MAX_INT)] = 1
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)] = 200


class SpeakerOut(Answer):
    """Someone on a session's panel, in the order the organisers set."""

    role: PersonRole
    name: str
    title: str = Field(description="Position, as the person gives it; may be empty")
    organisation: str
    city: str
    country: str | None = Field(description="ISO 3166-1 alpha-2 code, when known")


class SessionOut(Answer):
    """One item of the programme; times in UTC, the edition's zone named."""

    id: int
    uid: str = Field(description="Stable iCalendar UID")
    title: str = Field(description="In the language asked for (lang), else the default one")
    title_lang: TextLanguage
    description: str = Field(description="May be empty; in the language asked for, like title")
    description_lang: TextLanguage
    kind: SessionKind
    source: SessionSource
    status: SessionStatus
    starts_at: Instant
    ends_at: Instant
    timezone: str = Field(description="IANA zone of the edition")
    all_day: bool
    theme: str | None = Field(description="Theme slug")
    place: str = Field(description="The room's name (in the language asked for) or location")
    place_lang: TextLanguage
    capacity: int | None
    sequence: int = Field(description="Grows on every change calendars must see")
    updated_at: Instant
    speakers: list[SpeakerOut] = Field(
        description="Speakers, moderators, rapporteurs and keynote speakers, in order"
    )


class SessionsPage(Answer):
    """A page of the programme in time order; ask for ``next_page`` until it is null."""

    sessions: list[SessionOut]
    page: int
    per_page: int
    total: int
    next_page: int | None
