"""What a node needs to serve: its database and, when configured, Redis."""

from __future__ import annotations

import logging

import redis
import sqlalchemy as sa
from flask import current_app

from forum.extensions import db

log = logging.getLogger(__name__)
# A health check that waits longer than the balancer's own timeout tells it nothing.
REDIS_TIMEOUT_SECONDS = 1.0


def check_database() -> str:
    """'ok' when the database answers a query, else 'unavailable' (the cause is logged)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        log.exception("health check: the database did not answer")
        return "unavailable"
    finally:
        db.session.rollback()  # end the check's transaction either way
    return "ok"


def check_redis() -> str:
    """'ok', 'unavailable', or 'not configured' when this node runs without Redis."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "not configured"
    client = redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except redis.RedisError:
        log.exception("health check: Redis did not answer")
        return "unavailable"
    finally:
        client.close()
    return "ok"


def node_health() -> dict[str, str]:
    """Each dependency's state, by name."""
    return {"database": check_database(), "redis": check_redis()}
