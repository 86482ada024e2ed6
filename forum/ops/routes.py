"""/healthz for load balancers and /metrics for Prometheus."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, request
from werkzeug.wrappers import Response

from forum.extensions import limiter
from forum.ops.health import node_health
from forum.ops.metrics import exposition

bp = Blueprint("ops", __name__)
PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"


@bp.get("/healthz")
@limiter.exempt
def healthz() -> tuple[dict[str, object], int]:
    """200 when the database and Redis answer, 503 (naming which did not) otherwise."""
    checks = node_health()
    healthy = all(state in {"ok", "not configured"} for state in checks.values())
    return {"status": "ok" if healthy else "unavailable", "checks": checks}, (
        200 if healthy else 503
    )


@bp.get("/metrics")
@limiter.exempt
def metrics() -> Response:
    """The node's metrics, for a scraper holding METRICS_TOKEN; absent when none is set."""
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not hmac.compare_digest(offered.encode(), str(token).encode()):
        return Response(
            "A bearer token is needed.\n",
            status=401,
            mimetype="text/plain",
            headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
        )
    return Response(exposition(), mimetype=PROMETHEUS_TEXT)
