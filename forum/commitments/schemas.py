"""The commitments API's query and answers: a page of published entries, one with updates."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import Field

from forum.api.editions import EditionNumber
from forum.api.languages import LANG_HELP, Lang, TextLanguage
from forum.api.types import Answer, Instant, OneLine, Request, RowId
from forum.commitments.match_models import MatchStage
from forum.commitments.models import (
    Kind,
    OffererKind,
    PartnershipLevel,
    ProgressStatus,
    SupportArea,
)
from forum.commitments.progress import Staleness
from forum.validation import MAX_INT

MAX_PER_PAGE = 100
REGION_HELP = "UN M49 region: 002 Africa, 009 Oceania, 019 Americas, 142 Asia, 150 Europe"


class CommitmentsQuery(Request):
    """Filters and the page of GET /api/v1/commitments; a filter left out does not filter."""

    theme: Annotated[str, Field(max_length=80), OneLine] | None = Field(
        None, description="Theme slug"
    )
    kind: Kind | None = None
    area: SupportArea | None = Field(None, description="Support area")
    gcm: Annotated[int, Field(ge=1, le=23)] | None = Field(None, description="GCM objective")
    country: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] | None = Field(
        None, description="ISO 3166 country code"
    )
    region: Literal["002", "009", "019", "142", "150"] | None = Field(None, description=REGION_HELP)
    city: RowId | None = Field(None, description="City id")
    progress: ProgressStatus | None = Field(None, description="Status of the latest update")
    q: Annotated[str, Field(max_length=200), OneLine] | None = Field(
        None, description="Words that must all appear in the title, description or target"
    )
    edition: EditionNumber | None = Field(None, description="Edition number; the current one")
    lang: Lang | None = Field(None, description=LANG_HELP)
    page: Annotated[int, Field(ge=1, le=MAX_INT)] = 1
    per_page: Annotated[int, Field(ge=1, le=MAX_PER_PAGE)] = 20


class LanguageQuery(Request):
    """The language of one entry's answer (GET /api/v1/commitments/{id} and its matches)."""

    lang: Lang | None = Field(None, description=LANG_HELP)


class ProgressOut(Answer):
    """One progress update, as the city reported it."""

    reported_on: date
    status: ProgressStatus
    percent: int | None
    narrative: str
    evidence_url: str


class CommitmentOut(Answer):
    """One published entry and its latest progress."""

    id: int
    edition: int = Field(description="Edition number")
    city: str
    city_id: int
    country: str = Field(description="ISO 3166 country code")
    theme: str = Field(description="Theme slug")
    kind: Kind
    title: str = Field(description="In the language asked for (lang), else the entry's own")
    title_lang: TextLanguage
    description: str = Field(description="In the language asked for, like title")
    description_lang: TextLanguage
    language: str = Field(description="The language the city wrote the entry in")
    support_areas: list[SupportArea]
    partnership_level: PartnershipLevel | None
    gcm_objectives: list[int]
    gcr_objectives: list[int]
    target: str
    target_date: date | None
    partners: str
    progress: ProgressStatus | None = Field(description="Status of the latest update")
    staleness: Staleness = Field(description="green: reported within a year; amber; red")
    published_at: Instant | None
    updated_at: Instant


class CommitmentDetail(CommitmentOut):
    """One published entry with every progress update, newest first."""

    updates: list[ProgressOut]


class CommitmentsPage(Answer):
    """A page of published entries, newest first; ask for ``next_page`` until it is null."""

    commitments: list[CommitmentOut]
    page: int
    per_page: int
    total: int
    next_page: int | None


class OfferOut(Answer):
    """One published offer of support."""

    id: int
    offerer_kind: OffererKind
    offerer_name: str
    theme: str | None = Field(description="Theme slug, when the offer is for one theme")
    title: str
    description: str
    language: str
    support_areas: list[SupportArea]
    partnership_level: PartnershipLevel | None
    gcm_objectives: list[int]
    contact_name: str
    contact_email: str
    published_at: Instant | None


class OffersAnswer(Answer):
    """Every published offer of the current edition, newest first."""

    offers: list[OfferOut]


class MatchOut(Answer):
    """An offer or another city's action that could answer a need, with why."""

    type: Literal["offer", "action"]
    id: int
    title: str = Field(description="An action's in the language asked for; an offer's own")
    title_lang: TextLanguage
    by: str = Field(description="The offering organisation, or the acting city")
    score: int = Field(description="Higher is closer: shared support areas count most")
    reasons: list[str]


class MatchLinkOut(Answer):
    """A match people made of a need and an offer or action, and how far it has come."""

    id: int
    type: Literal["offer", "action"]
    counterpart: int = Field(description="The offer's or the action's id")
    title: str = Field(description="An action's in the language asked for; an offer's own")
    title_lang: TextLanguage
    by: str = Field(description="The offering organisation, or the acting city")
    stage: MatchStage = Field(description="proposed → accepted (by both sides) → active → closed")
    need_accepted: bool
    offer_accepted: bool
    proposed_at: Instant


class MatchesAnswer(Answer):
    """The best matches for one published need, best first (empty for other kinds), and the
    matches made of it so far (declined ones left out)."""

    commitment: int
    matches: list[MatchOut]
    made: list[MatchLinkOut] = Field(description="Matches made of this need, newest first")
