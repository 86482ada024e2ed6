"""Device tokens for scanners: created once, stored as a hash, sent as a bearer token.

A door scanner sends its token with every scan, so each process keeps the tokens it has
seen for half a second (``API_TOKEN_CACHE_SECONDS``): revoking one here takes effect at once, on
another node or from the command line within that half second."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from forum.auth.models import ApiToken, Role
from forum.db import utcnow
from forum.extensions import db

# Recording when a device was last seen on every scan would make all doors sharing a token
# queue on its row: once a minute is enough to tell a live device from a lost one.
TOUCH_INTERVAL = timedelta(minutes=1)
MAX_CACHED = 1_000


@dataclass(frozen=True)
class LiveToken:
    """What a request needs of a live token: no ORM row, so it outlives the session."""

    id: int
    name: str
    role: Role
    last_used_at: datetime | None


_cache: dict[str, tuple[float, LiveToken]] = {}
_cache_lock = threading.Lock()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(name: str, role: Role) -> tuple[str, ApiToken]:
    """A new token for a device; the clear token is returned once and never stored."""
    token = "fst_" + secrets.token_urlsafe(32)
    row = ApiToken(name=name, role=role, token_hash=_hash(token))
    db.session.add(row)
    db.session.flush()
    return token, row


def token_from_header(header: str | None) -> LiveToken | None:
    """The live token an ``Authorization: Bearer …`` header names, or None."""
    if not header or not header.startswith("Bearer "):
        return None
    presented = header.removeprefix("Bearer ").strip()
    if not presented or len(presented) > 200:
        return None
    digest = _hash(presented)
    cached = _cache.get(digest)
    if cached is not None and time.monotonic() < cached[0]:
        return cached[1]
    return _load(digest)


def _load(digest: str) -> LiveToken | None:
    row = db.session.scalar(
        sa.select(ApiToken).where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None))
    )
    if row is None:
        return None  # unknown tokens are not kept: nobody fills the memory by guessing
    live = LiveToken(row.id, row.name, row.role, row.last_used_at)
    _remember(digest, live)
    return live


def _remember(digest: str, live: LiveToken) -> None:
    seconds = float(current_app.config["API_TOKEN_CACHE_SECONDS"])
    if seconds <= 0:
        return
    with _cache_lock:
        if len(_cache) >= MAX_CACHED:
            _cache.clear()
        _cache[digest] = (time.monotonic() + seconds, live)


def needs_touch(live: LiveToken, now: datetime) -> bool:
    """Whether this use must be recorded (the last one recorded is over a minute old)."""
    return live.last_used_at is None or now - live.last_used_at > TOUCH_INTERVAL


def note_use(header: str, live: LiveToken, now: datetime) -> None:
    """Record that the device was seen now, at most once a minute per process."""
    if not needs_touch(live, now):
        return
    db.session.execute(sa.update(ApiToken).where(ApiToken.id == live.id).values(last_used_at=now))
    digest = _hash(header.removeprefix("Bearer ").strip())
    with _cache_lock:
        if digest in _cache:
            expires, _old = _cache[digest]
            _cache[digest] = (expires, replace(live, last_used_at=now))


def forget_cached_tokens() -> None:
    """Drop every token this process remembers (after a revocation)."""
    with _cache_lock:
        _cache.clear()


def revoke_token(name: str) -> int:
    """Revoke every live token with this device name; returns how many."""
    result = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    forget_cached_tokens()
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
