"""Prometheus metrics: request latency per endpoint (prometheus-flask-exporter), and gauges
read from the database at scrape time, so any node reports the same outbox depth.

Under gunicorn, PROMETHEUS_MULTIPROC_DIR makes every worker write its counters to files that
the scrape adds up (deploy/gunicorn.conf.py prepares the folder); without it each process
reports its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Flask, current_app
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from prometheus_flask_exporter import PrometheusMetrics

from forum.extensions import db
from forum.mail.models import OutboxEmail, OutboxStatus

# Health checks and scrapes would drown the figures of the requests people make.
UNTIMED_PATHS = ["^/healthz$", "^/metrics$", "^/static/"]


def init_app(app: Flask) -> None:
    """Time every request of this app by endpoint, in a registry of its own."""
    # One registry per app: the tests build many apps in one process, and the exporter
    # registers its histograms again for each.
    app.extensions["forum_metrics"] = PrometheusMetrics(
        app,
        path=None,
        registry=CollectorRegistry(auto_describe=True),
        group_by="endpoint",
        defaults_prefix="forum",
        excluded_paths=UNTIMED_PATHS,
    )


class OutboxCollector(Collector):
    """E-mails waiting or given up on, counted when Prometheus asks."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """One gauge sample per outbox state."""
        rows = db.session.execute(
            sa.select(OutboxEmail.status, sa.func.count()).group_by(OutboxEmail.status)
        )
        counts: dict[OutboxStatus, int] = dict(rows.all())
        family = GaugeMetricFamily(
            "forum_outbox_emails", "E-mails in the outbox, by state", labels=["state"]
        )
        for status in OutboxStatus:
            family.add_metric([status.value], counts.get(status, 0))
        yield family


def exposition() -> bytes:
    """Every metric of this node in Prometheus' text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        process_metrics = generate_latest(registry)
    else:
        process_metrics = generate_latest(REGISTRY) + _this_apps_metrics()
    from_database = CollectorRegistry()
    from_database.register(OutboxCollector())
    return process_metrics + generate_latest(from_database)


def _this_apps_metrics() -> bytes:
    exporter: PrometheusMetrics = current_app.extensions["forum_metrics"]
    return generate_latest(exporter.registry)
