"""Helpers for files that organisers open in spreadsheet programs."""

from __future__ import annotations

BOM = "\ufeff"  # makes Excel read the CSV as UTF-8, accents included


def safe_cell(value: str) -> str:
    """Defuse spreadsheet formulas in values typed by the public (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
