"""What this site's configuration says about summit syncs (see config.py)."""

from __future__ import annotations

from flask import current_app

from forum.agenda.gfmd.addresses import allowed_hosts
from forum.agenda.gfmd.download import FetchPolicy


def fetch_policy() -> FetchPolicy:
    """How feeds are fetched here: GFMD_ALLOWED_HOSTS, _FETCH_DEADLINE_SECONDS, _MAX_FEED_BYTES."""
    config = current_app.config
    return FetchPolicy(
        allowed_hosts=allowed_hosts(config.get("GFMD_ALLOWED_HOSTS")),
        deadline_seconds=float(config.get("GFMD_FETCH_DEADLINE_SECONDS", 15)),
        max_bytes=int(config.get("GFMD_MAX_FEED_BYTES", 5_000_000)),
    )


def hold_share() -> float:
    """The share of scheduled summit items a sync may cancel without a confirmation."""
    return float(current_app.config.get("GFMD_HOLD_CANCELLED_SHARE", 0.3))
