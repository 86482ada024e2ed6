"""The Unicode bidirectional algorithm (UAX #9) for one line of printed text, pure Python.

Names, cities and titles mix Arabic (right to left) with Latin script and digits (left to
right). ReportLab draws left to right only and its own bidi needs a package that is not on
PyPI, so the PDFs resolve embedding levels here and reorder runs before drawing. The text
reaching a PDF has no explicit embeddings (the printing rule drops format characters), so
the explicit rules X1 to X8 reduce to the paragraph level; the weak, neutral and implicit rules
W1 to W7, N1 to N2, I1 to I2 and the reordering rules L1 to L2 are applied as written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

STRONG_RTL = frozenset({"R", "AL"})
_NUMBERS = frozenset({"EN", "AN"})
_NEUTRALS = frozenset({"B", "S", "WS", "ON", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})
_NEUTRALS |= frozenset({"LRI", "RLI", "FSI", "PDI"})
_SEPARATORS = frozenset({"ES", "CS", "ET"})


def base_level(text: str) -> int:
    """Rules P2 to P3: 1 when the first strong letter is right to left, else 0."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return 0
        if kind in STRONG_RTL:
            return 1
    return 0


def embedding_levels(text: str, base: int | None = None) -> list[int]:
    """The resolved level of every character of one line (even: left to right)."""
    level = base_level(text) if base is None else base
    types = _weak_types([unicodedata.bidirectional(char) for char in text], level)
    types = _neutral_types(types, level)
    levels = [_implicit_level(kind, level) for kind in types]
    return _reset_trailing(text, levels, level)


def _weak_types(types: list[str], level: int) -> list[str]:
    """Rules W1 to W7 over the whole line (one level run, its sos the paragraph direction)."""
    sos = "R" if level % 2 else "L"
    previous = sos
    for i, kind in enumerate(types):  # W1: a mark takes the type of what it marks
        if kind == "NSM":
            types[i] = previous
        previous = types[i]
    strong = sos
    for i, kind in enumerate(types):  # W2, W3
        if kind in {"L", "R", "AL"}:
            strong = kind
        if kind == "EN" and strong == "AL":
            types[i] = "AN"
        if kind == "AL":
            types[i] = "R"
    for i in range(1, len(types) - 1):  # W4: one separator inside a number
        before, kind, after = types[i - 1], types[i], types[i + 1]
        if before == after == "EN" and kind in {"ES", "CS"}:
            types[i] = "EN"
        elif before == after == "AN" and kind == "CS":
            types[i] = "AN"
    _terminators_to_numbers(types)
    types = ["ON" if kind in _SEPARATORS else kind for kind in types]  # W6
    strong = sos
    for i, kind in enumerate(types):  # W7
        if kind in {"L", "R"}:
            strong = kind
        elif kind == "EN" and strong == "L":
            types[i] = "L"
    return types


def _terminators_to_numbers(types: list[str]) -> None:
    """Rule W5: currency and percent signs next to European digits count as digits."""
    i = 0
    while i < len(types):
        if types[i] != "ET":
            i += 1
            continue
        end = i
        while end < len(types) and types[end] == "ET":
            end += 1
        touching = (i > 0 and types[i - 1] == "EN") or (end < len(types) and types[end] == "EN")
        if touching:
            types[i:end] = ["EN"] * (end - i)
        i = end


def _neutral_types(types: list[str], level: int) -> list[str]:
    """Rules N1 to N2: neutrals between two same-direction sides take it, others the level's."""
    own = "R" if level % 2 else "L"
    resolved = list(types)
    i = 0
    while i < len(types):
        if types[i] not in _NEUTRALS:
            i += 1
            continue
        end = i
        while end < len(types) and types[end] in _NEUTRALS:
            end += 1
        before = _direction(types[i - 1]) if i > 0 else own
        after = _direction(types[end]) if end < len(types) else own
        resolved[i:end] = [before if before == after else own] * (end - i)
        i = end
    return resolved


def _direction(kind: str) -> str:
    """The strong direction a resolved type counts as for rule N1 (digits count as R)."""
    return "L" if kind == "L" else "R"


def _implicit_level(kind: str, level: int) -> int:
    """Rules I1 to I2."""
    if level % 2 == 0:
        return level + (1 if kind == "R" else 2 if kind in _NUMBERS else 0)
    return level + (1 if kind in {"L"} | _NUMBERS else 0)


def _reset_trailing(text: str, levels: list[int], level: int) -> list[int]:
    """Rule L1: tabs, and white space at the end of the line, go back to the paragraph level."""
    trailing = True
    for i in range(len(text) - 1, -1, -1):
        kind = unicodedata.bidirectional(text[i])
        if kind in {"S", "B"}:
            levels[i] = level
            trailing = True
        elif trailing and kind in {"WS", "BN"}:
            levels[i] = level
        else:
            trailing = False
    return levels


def visual_order(levels: Sequence[int]) -> list[int]:
    """Rule L2: the indices of the items (characters or runs) from left to right."""
    order = list(range(len(levels)))
    # Down to level 1, not to the lowest odd one: lines here start at level 0 or 1.
    for level in range(max(levels, default=0), 0, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            end = i
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[i:end] = order[i:end][::-1]
            i = end
    return order
