"""Device tokens for scanners: created once, stored as a hash, sent as a bearer token."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from forum.auth.models import ApiToken, Role
from forum.db import utcnow
from forum.extensions import db


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(name: str, role: Role) -> tuple[str, ApiToken]:
    """A new token for a device; the clear token is returned once and never stored."""
    token = "fst_" + secrets.token_urlsafe(32)
    row = ApiToken(name=name, role=role, token_hash=_hash(token))
    db.session.add(row)
    db.session.flush()
    return token, row


def token_from_header(header: str | None) -> ApiToken | None:
    """The live token an ``Authorization: Bearer …`` header names, or None."""
    if not header or not header.startswith("Bearer "):
        return None
    presented = header.removeprefix("Bearer ").strip()
    if not presented or len(presented) > 200:
        return None
    return db.session.scalar(
        sa.select(ApiToken).where(
            ApiToken.token_hash == _hash(presented), ApiToken.revoked_at.is_(None)
        )
    )


def revoke_token(name: str) -> int:
    """Revoke every live token with this device name; returns how many."""
    result = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.name == name, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
