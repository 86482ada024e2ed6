"""Folding names so that spelling variants compare equal. Pure."""

from __future__ import annotations

import unicodedata


def match_key(name: str) -> str:
    """Fold a name so accents, case and spacing do not matter ("Montréal" = "MONTREAL")."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
