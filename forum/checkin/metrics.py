"""How many badges the doors scanned, by answer: the figure to watch on the day."""

from __future__ import annotations

from prometheus_client import Counter

SCANS = Counter("forum_scans", "Badge scans answered, by status", ["status"])
