"""Likely duplicates for organisers to merge: entries of one city, theme and kind whose
titles read alike once folded ("Données sur les nouveaux arrivants" = "donnees sur les
nouveaux arrivants.")."""

from __future__ import annotations

from collections import defaultdict
from difflib import SequenceMatcher

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from forum.commitments.models import Commitment, Status
from forum.extensions import db
from forum.textsearch import fold

SIMILAR = 0.8  # how alike two folded titles must read (difflib's ratio, 0 to 1)
MAX_GROUPS = 50


def _words(title: str) -> str:
    """A title as compared: folded, punctuation out."""
    return " ".join("".join(c if c.isalnum() else " " for c in fold(title)).split())


def similar(a: str, b: str) -> bool:
    """True when two titles read alike once folded."""
    left, right = _words(a), _words(b)
    if not left or not right:
        return False
    return left == right or SequenceMatcher(None, left, right).ratio() >= SIMILAR


def _clusters(entries: list[Commitment]) -> list[list[Commitment]]:
    """The entries grouped so that each group's members read alike, two by two or in chain."""
    parent = list(range(len(entries)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, entry in enumerate(entries):
        for j in range(i):
            if similar(entry.title, entries[j].title):
                parent[root(i)] = root(j)
    groups: dict[int, list[Commitment]] = defaultdict(list)
    for i, entry in enumerate(entries):
        groups[root(i)].append(entry)
    return [group for group in groups.values() if len(group) > 1]


def likely_duplicates(edition_id: int) -> list[list[Commitment]]:
    """Groups of entries (not withdrawn) of one city, theme and kind with similar titles."""
    entries = db.session.scalars(
        sa.select(Commitment)
        .where(Commitment.edition_id == edition_id, Commitment.status != Status.WITHDRAWN)
        .options(selectinload(Commitment.city))
        .order_by(Commitment.id)
    )
    by_key: dict[tuple[object, ...], list[Commitment]] = defaultdict(list)
    for entry in entries:
        by_key[(entry.city_id, entry.theme_id, entry.kind)].append(entry)
    found = [group for same in by_key.values() if len(same) > 1 for group in _clusters(same)]
    return sorted(found, key=lambda group: group[0].id)[:MAX_GROUPS]
