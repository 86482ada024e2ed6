"""Folding text for search, and matching every word of a query. Pure apart from SQL building.

Accents are not enough: "ł", "ø" or "ß" are letters of their own, not a letter with a
combining mark, so Unicode decomposition leaves them alone and "lodz" would miss "Łódź".
A maintained transliteration table (anyascii) folds them the way people type them.
"""

from __future__ import annotations

import sqlalchemy as sa
from anyascii import anyascii
from sqlalchemy.orm import QueryableAttribute

from forum.db import LIKE_ESCAPE, contains_pattern


def fold(text: str) -> str:
    """``text`` in plain lower-case ASCII, spaces collapsed ("Łódź" = "LODZ" = "lodz")."""
    return " ".join(anyascii(text).casefold().split())


def query_words(query: str) -> list[str]:
    """The distinct folded words of a search query, in the order typed."""
    return list(dict.fromkeys(fold(query).split()))


def every_word_in(
    column: QueryableAttribute[str] | sa.ColumnElement[str], query: str
) -> sa.ColumnElement[bool]:
    """True where the folded ``column`` holds every word of ``query``, in any order."""
    return sa.and_(
        sa.true(),
        *(column.like(contains_pattern(word), escape=LIKE_ESCAPE) for word in query_words(query)),
    )
