"""A request budget for the hottest endpoint (the door scans), spent straight through the
``limits`` strategy Flask-Limiter is configured with (Redis in production, so every worker
and node counts together), without Flask-Limiter's per-request machinery, which cost a scan
more than the count itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import ParamSpec, TypeVar

from flask import Response, current_app
from limits import RateLimitItem, parse
from limits.errors import StorageError
from redis.exceptions import RedisError

from forum.api.types import ApiErrorCode
from forum.errors import json_error
from forum.extensions import limiter

P = ParamSpec("P")
T = TypeVar("T")
Refusal = tuple[Response, int]


def budgeted(
    setting: str, scope: str, key: Callable[[], str]
) -> Callable[[Callable[P, T]], Callable[P, T | Refusal]]:
    """Each call spends one of ``key()``'s budget, the limit in config ``setting``."""

    def decorator(view: Callable[P, T]) -> Callable[P, T | Refusal]:
        @wraps(view)
        def spending(*args: P.args, **kwargs: P.kwargs) -> T | Refusal:
            refusal = overspent(str(current_app.config[setting]), scope, key())
            return refusal if refusal is not None else view(*args, **kwargs)

        return spending

    return decorator


@lru_cache(maxsize=32)
def _item(limit: str) -> RateLimitItem:
    return parse(limit)


def overspent(limit: str, scope: str, key: str) -> Refusal | None:
    """Spend one of ``key``'s ``limit`` ("600 per minute") in ``scope``: None while it
    lasts, else the JSON 429 with Retry-After. When the storage cannot be reached the
    request goes through (the doors keep working) and the failure is logged."""
    item = _item(limit)
    try:
        if limiter.limiter.hit(item, scope, key):
            return None
        reset_at = limiter.limiter.get_window_stats(item, scope, key).reset_time
    except (StorageError, RedisError, OSError):
        current_app.logger.exception("Rate limit storage unreachable: %s not counted", scope)
        return None
    response, status = json_error(
        ApiErrorCode.TOO_MANY_REQUESTS, f"Too many requests: at most {limit}.", 429
    )
    response.headers["Retry-After"] = str(max(1, int(reset_at - time.time())))
    return response, status
