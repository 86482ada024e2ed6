"""A request budget for the hottest endpoint (the door scans), spent straight through the
``limits`` strategy Flask-Limiter is configured with (Redis in production, so every worker
and node counts together). Not Flask-Limiter's decorator: it works out the key in its
``before_request`` hook, before the view's bounded lock wait, and takes any error of the key
(a lock timeout while a badge's token is looked up) for its storage failing. Here the key
is worked out inside the view, after the token is known: a made-up token spends its
address's budget. As Flask-Limiter does, a Redis that does not answer is replaced by this
process's own count until it answers again. A large budget is spent a lease of hits at a
time (``forum.api.leases``): one round trip to Redis per lease, not per scan."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar

from flask import Response, current_app, request
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import RateLimiter
from redis.exceptions import RedisError

from forum.api.leases import Leases
from forum.api.types import ApiErrorCode
from forum.errors import json_error
from forum.extensions import limiter

P = ParamSpec("P")
T = TypeVar("T")
Refusal = tuple[Response, int]
# After a failure, Redis is asked again this long after, not on every request meanwhile.
RETRY_STORAGE_AFTER_S = 5.0
# In the WSGI environ: what spending the budget gave, when the doors' lane spent it already
# (forum.checkin.lane) and left the request to the app.
BUDGET_OUTCOME = "forum.budget_outcome"


def budgeted(
    setting: str, scope: str, key: Callable[[], str]
) -> Callable[[Callable[P, T]], Callable[P, T | Refusal]]:
    """Each call spends one of ``key()``'s budget, the limit in config ``setting``."""

    def decorator(view: Callable[P, T]) -> Callable[P, T | Refusal]:
        @wraps(view)
        def spending(*args: P.args, **kwargs: P.kwargs) -> T | Refusal:
            if BUDGET_OUTCOME in request.environ:
                refusal: Refusal | None = request.environ[BUDGET_OUTCOME]
            else:
                refusal = spend(setting, scope, key())
            return refusal if refusal is not None else view(*args, **kwargs)

        return spending

    return decorator


def spend(setting: str, scope: str, key: str) -> Refusal | None:
    """Spend one of ``key``'s budget in ``scope``, the limit in config ``setting``."""
    return overspent(str(current_app.config[setting]), scope, key)


@lru_cache(maxsize=32)
def _items(limit: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(limit))  # "300/minute; 10/second": both are kept


def overspent(limit: str, scope: str, key: str) -> Refusal | None:
    """Spend one of ``key``'s ``limit`` in ``scope`` under every part of it: None while it
    lasts, else the JSON 429 with Retry-After."""
    items = _items(limit)
    strategy = _strategy()
    try:
        hit = _leases.hit
        refused = next((item for item in items if not hit(strategy, item, scope, key)), None)
        reset_at = strategy.get_window_stats(refused, scope, key).reset_time if refused else 0
    except (StorageError, RedisError, OSError):
        _storage.failed()
        return overspent(limit, scope, key)  # counted in this process meanwhile
    _storage.answered(strategy)
    if refused is None:
        return None
    response, status = json_error(
        ApiErrorCode.TOO_MANY_REQUESTS, f"Too many requests: at most {limit}.", 429
    )
    response.headers["Retry-After"] = str(max(1, int(reset_at - time.time())))
    return response, status


def _strategy() -> RateLimiter:
    """The configured strategy, or this process's own count while its storage is down."""
    return _storage.fallback() if _storage.is_down() else limiter.limiter


class _StorageHealth:
    """Whether the shared storage answers; each change is logged once, not per request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._memory: RateLimiter | None = None

    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def fallback(self) -> RateLimiter:
        with self._lock:
            if self._memory is None:
                self._memory = type(limiter.limiter)(MemoryStorage())
            return self._memory

    def failed(self) -> None:
        with self._lock:
            was_up = self._down_until == 0.0
            self._down_until = time.monotonic() + RETRY_STORAGE_AFTER_S
        if was_up:
            current_app.logger.warning(
                "Rate limit storage unreachable: budgets are counted in each process for now"
            )

    def answered(self, strategy: RateLimiter) -> None:
        if strategy is self._memory or self._down_until == 0.0:
            return
        with self._lock:
            self._down_until = 0.0
        current_app.logger.warning("Rate limit storage answers again: budgets are shared")


_storage = _StorageHealth()
_leases = Leases()
