"""QR code matrices (badges, sign-in apps) and their SVG outline (pure: no Flask, no database)."""

from __future__ import annotations

import qrcode
from qrcode.constants import ERROR_CORRECT_M

# The light margin scanners need around the symbol, in modules (ISO/IEC 18004 asks for 4).
QUIET_ZONE = 4


def qr_matrix(text: str) -> list[list[bool]]:
    """The dark (True) and light modules of ``text``'s QR symbol, without the quiet zone."""
    # M recovers ~15 % damage: enough for a creased badge, and the symbol stays small.
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return [[bool(module) for module in row] for row in code.get_matrix()]


def dark_runs(matrix: list[list[bool]]) -> list[tuple[int, int, int]]:
    """(row, first column, length) of each horizontal run of dark modules."""
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append((y, start, x - start))
    return runs


def svg_path(matrix: list[list[bool]]) -> str:
    """An SVG path drawing the dark modules, offset by the quiet zone (one unit per module)."""
    return "".join(
        f"M{x + QUIET_ZONE} {y + QUIET_ZONE}h{length}v1h-{length}z"
        for y, x, length in dark_runs(matrix)
    )


def svg_size(matrix: list[list[bool]]) -> int:
    """The side of the SVG viewBox: the symbol and its quiet zone on both sides."""
    return len(matrix) + 2 * QUIET_ZONE
