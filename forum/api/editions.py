"""Which edition a public list endpoint answers for: ``?edition=<number>``, or the current one."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from forum.api.types import ApiErrorCode
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404, edition_by_number
from forum.errors import ApiError
from forum.validation import MAX_INT

EditionNumber = Annotated[int, Field(ge=1, le=MAX_INT, description="Edition number")]


def requested_edition(number: int | None) -> Edition:
    """The edition with this number (every edition stays public), or the current one."""
    if number is None:
        return current_edition_or_404()
    edition = edition_by_number(number)
    if edition is None:
        raise ApiError(ApiErrorCode.UNKNOWN_EDITION, "No edition has this number.", 404)
    return edition
