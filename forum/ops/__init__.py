"""Operations: the health check a load balancer asks and the metrics Prometheus scrapes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register /healthz and /metrics, and time every request."""
    from forum.ops import metrics, routes

    metrics.init_app(app)
    app.register_blueprint(routes.bp)
