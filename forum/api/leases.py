"""Hits of a shared budget taken a lease at a time, so the door scans do not pay a Redis
round trip each.

A budget of many hits a window (the scans' 300 a minute per device) is spent from the
shared count a lease at a time, a thirtieth of it (at most ``MAX_LEASE`` hits), and this
process hands the leased hits out itself until the count's window ends. The shared count
holds every hit leased, and a lease dies with its window, so no window admits more than its
limit across workers and nodes. The price: hits leased but not used by a window's end are
lost, so a device is refused up to one lease per worker it reached before its limit (9 of
300 a minute, per worker). A lease the count refuses refuses the hit. Small budgets (under
twice ``LEASE_SHARE`` hits) are spent one hit at a time, exactly as before."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from limits import RateLimitItem
from limits.strategies import RateLimiter

LEASE_SHARE = 30  # a lease is this fraction of the budget
MAX_LEASE = 10
# Past this many budgets held, leases of ended windows are dropped (made-up tokens spend
# their address's budget, and addresses are many).
HELD_BEFORE_SWEEP = 1_000


def lease_size(item: RateLimitItem) -> int:
    """How many hits of ``item`` are taken from the shared count at once."""
    return max(1, min(MAX_LEASE, item.amount // LEASE_SHARE))


@dataclass(frozen=True)
class _Lease:
    pid: int  # a forked worker starts with none of its parent's
    strategy: RateLimiter  # the count it came from (Redis, or this process's meanwhile)
    ends_at: float  # when the count's window ends (seconds since the epoch)
    left: int


class Leases:
    """This process's leased hits, by budget; ``clock`` gives seconds since the epoch."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._held: dict[str, _Lease] = {}

    def hit(self, strategy: RateLimiter, item: RateLimitItem, *identifiers: str) -> bool:
        """Spend one hit of ``item``: from a lease while its window lasts, else from the
        shared count (a new lease, and when its window ends); False when the count refuses."""
        size = lease_size(item)
        if size == 1:
            return strategy.hit(item, *identifiers)
        key = item.key_for(*identifiers)
        if self.take(strategy, key, self._clock()):
            return True
        if not strategy.hit(item, *identifiers, cost=size):
            return False
        ends_at = strategy.get_window_stats(item, *identifiers).reset_time
        self.keep(strategy, key, ends_at, size - 1)
        return True

    def take(self, strategy: RateLimiter, key: str, now: float) -> bool:
        """Spend one leased hit of ``key`` if this process holds one from ``strategy``'s
        count whose window has not ended."""
        with self._lock:
            lease = self._held.get(key)
            if lease is None or not self._usable(lease, strategy, now) or lease.left == 0:
                return False
            self._held[key] = replace(lease, left=lease.left - 1)
            return True

    def keep(self, strategy: RateLimiter, key: str, ends_at: float, left: int) -> None:
        """Hold the hits left of a lease from ``strategy``'s window ending at ``ends_at``;
        another thread's lease still held (of the same window: a count's next window starts
        only when this one ends) keeps its hits beside them."""
        with self._lock:
            now = self._clock()
            held = self._held.get(key)
            if held is not None and self._usable(held, strategy, now):
                left, ends_at = left + held.left, min(ends_at, held.ends_at)
            if len(self._held) >= HELD_BEFORE_SWEEP:
                self._held = {k: v for k, v in self._held.items() if v.ends_at > now}
            self._held[key] = _Lease(os.getpid(), strategy, ends_at, left)

    def __len__(self) -> int:
        return len(self._held)

    @staticmethod
    def _usable(lease: _Lease, strategy: RateLimiter, now: float) -> bool:
        return lease.pid == os.getpid() and lease.strategy is strategy and now < lease.ends_at
