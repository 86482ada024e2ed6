"""Hits of a shared budget taken a lease at a time, so the door scans do not pay a Redis
round trip each.

A budget of many hits a window (the scans' 300 a minute per device) is spent from the
shared count a lease at a time, a thirtieth of it (at most ``MAX_LEASE`` hits), and this
process hands the leased hits out itself. The shared count holds every hit leased, so no
window admits more than its limit across workers and nodes, except that a lease is used
for at most ``LEASE_SECONDS`` after it was taken: at a window's turn, a worker's leftover
(less than one lease) may be spent in the next one. A lease the count refuses refuses the
hit: within one lease of its limit a budget is spent. Small budgets (under
twice ``LEASE_SHARE`` hits) are spent one hit at a time, exactly as before."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, replace

from limits import RateLimitItem
from limits.strategies import RateLimiter

LEASE_SHARE = 30  # a lease is this fraction of the budget
MAX_LEASE = 10
LEASE_SECONDS = 1.0
# Past this many budgets held, stale leases are dropped (made-up tokens spend their
# address's budget, and addresses are many).
HELD_BEFORE_SWEEP = 1_000


def lease_size(item: RateLimitItem) -> int:
    """How many hits of ``item`` are taken from the shared count at once."""
    return max(1, min(MAX_LEASE, item.amount // LEASE_SHARE))


@dataclass(frozen=True)
class _Lease:
    pid: int  # a forked worker starts with none of its parent's
    strategy: RateLimiter  # the count it came from (Redis, or this process's meanwhile)
    taken_at: float
    left: int


class Leases:
    """This process's leased hits, by budget."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held: dict[str, _Lease] = {}

    def hit(self, strategy: RateLimiter, item: RateLimitItem, *identifiers: str) -> bool:
        """Spend one hit of ``item``: from a lease while one lasts, else from the shared
        count (a new lease); False when the count refuses."""
        size = lease_size(item)
        if size == 1:
            return strategy.hit(item, *identifiers)
        key, now = item.key_for(*identifiers), time.monotonic()
        if self.take(strategy, key, now):
            return True
        if not strategy.hit(item, *identifiers, cost=size):
            return False
        self.keep(strategy, key, now, size - 1)
        return True

    def take(self, strategy: RateLimiter, key: str, now: float) -> bool:
        """Spend one leased hit of ``key`` if a fresh lease of this process has one left."""
        with self._lock:
            lease = self._held.pop(key, None)
            if lease is None or lease.pid != os.getpid() or lease.strategy is not strategy:
                return False
            if now - lease.taken_at > LEASE_SECONDS or lease.left == 0:
                return False
            self._held[key] = replace(lease, left=lease.left - 1)
            return True

    def keep(self, strategy: RateLimiter, key: str, now: float, left: int) -> None:
        """Hold the hits left of a lease taken from ``strategy`` at ``now``."""
        with self._lock:
            if len(self._held) >= HELD_BEFORE_SWEEP:
                fresh = {k: v for k, v in self._held.items() if now - v.taken_at <= LEASE_SECONDS}
                self._held = fresh
            self._held[key] = _Lease(os.getpid(), strategy, now, left)

    def __len__(self) -> int:
        return len(self._held)
