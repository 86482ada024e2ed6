"""What every JSON endpoint shares: the error body and its codes, and the field types that
carry the app's input rules into request models (one line, no control characters, bounds)."""

from __future__ import annotations

import enum
import re
import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    WithJsonSchema,
)
from pydantic_core import core_schema

from forum.validation import MAX_INT, control_problem

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ApiErrorCode(enum.StrEnum):
    """Every ``error.code`` the API answers with; the OpenAPI document lists them all."""

    AUTHENTICATION_REQUIRED = "authentication_required"
    INVALID_TOKEN = "invalid_token"  # noqa: S105 (a code, not a secret)
    FORBIDDEN = "forbidden"
    CSRF_FAILED = "csrf_failed"
    TWO_FACTOR_REQUIRED = "two_factor_required"
    UNKNOWN_HOST = "unknown_host"
    INVALID_JSON = "invalid_json"
    INVALID_CODE = "invalid_code"
    INVALID_NONCE = "invalid_nonce"
    INVALID_CHECKPOINT = "invalid_checkpoint"
    UNKNOWN_CHECKPOINT = "unknown_checkpoint"
    INVALID_SCANNED_AT = "invalid_scanned_at"
    INVALID_TITLE = "invalid_title"
    INVALID_Q = "invalid_q"
    INVALID_DAY = "invalid_day"
    INVALID_SOURCE = "invalid_source"
    INVALID_THEME = "invalid_theme"
    INVALID_PAGE = "invalid_page"
    INVALID_PER_PAGE = "invalid_per_page"
    UNKNOWN_THEME = "unknown_theme"
    INVALID_EDITION = "invalid_edition"
    UNKNOWN_EDITION = "unknown_edition"
    # ?lang= on the public endpoints: not a language the site speaks; not one the edition offers.
    INVALID_LANG = "invalid_lang"
    UNKNOWN_LANGUAGE = "unknown_language"
    # The filters of GET /api/v1/commitments.
    MERGED = "merged"  # a duplicate merged into another entry: 301 to it
    INVALID_KIND = "invalid_kind"
    INVALID_AREA = "invalid_area"
    INVALID_GCM = "invalid_gcm"
    INVALID_COUNTRY = "invalid_country"
    INVALID_CITY = "invalid_city"
    INVALID_PROGRESS = "invalid_progress"
    INVALID_REGION = "invalid_region"
    NO_DECLARATION = "no_declaration"
    CONFLICT = "conflict"
    BUSY = "busy"
    UNKNOWN_FIELD = "unknown_field"
    INVALID_INPUT = "invalid_input"
    INVALID_CHARACTERS = "invalid_characters"
    NUMBER_OUT_OF_RANGE = "number_out_of_range"
    BAD_REQUEST = "bad_request"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    REQUEST_ENTITY_TOO_LARGE = "request_entity_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    TOO_MANY_REQUESTS = "too_many_requests"
    INTERNAL_ERROR = "internal_error"


class ErrorDetail(BaseModel):
    """What went wrong: a stable code for programs, a sentence for people."""

    code: ApiErrorCode
    message: str


class ErrorBody(BaseModel):
    """The body of every JSON error."""

    error: ErrorDetail


class Request(BaseModel):
    """Base of the API's requests: a field it does not know is refused, not ignored."""

    model_config = ConfigDict(extra="forbid")


class Answer(BaseModel):
    """Base of the API's answers: fields left empty are left out of the JSON."""

    model_config = ConfigDict(use_enum_values=True)


def _one_line(value: str) -> str:
    if control_problem(value, multiline=False) is not None:
        raise ValueError("must be one line of text without control characters")
    return value


def _uuid(value: str) -> str:
    if len(value) > 36:
        raise ValueError("must be a UUID")
    return str(uuid.UUID(value))


# What the rule means for a JSON Schema reader (and for schemathesis, which fuzzes with it).
ONE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$"


class _OneLine:
    """In Annotated[str, Field(max_length=…), OneLine]: one line, no control characters."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_one_line, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        json_schema = handler(schema)
        json_schema["pattern"] = ONE_LINE_PATTERN
        return dict(json_schema)


OneLine = _OneLine()


def _iso_date(value: object) -> object:
    if isinstance(value, str) and _DATE.fullmatch(value):
        return date.fromisoformat(value)
    raise ValueError("must be a date written as 2018-12-08")


# A calendar day, written 2018-12-08 and nothing else (no timestamps, no numbers).
IsoDate = Annotated[date, BeforeValidator(_iso_date)]

# A client-made UUID that makes a request safe to repeat.
Nonce = Annotated[str, Field(json_schema_extra={"format": "uuid"}), AfterValidator(_uuid)]
# A row id, as the database holds it.
RowId = Annotated[int, Field(ge=1, le=MAX_INT)]


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


# An aware date-time, written as ISO 8601 with its offset (UTC in every answer).
Instant = Annotated[
    AwareDatetime,
    PlainSerializer(_iso, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


def absent_when_none(value: object) -> bool:
    """Field(exclude_if=…): an empty optional field is left out of the JSON."""
    return value is None
