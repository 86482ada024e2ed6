"""Gunicorn settings for one app node: ``gunicorn -c deploy/gunicorn.conf.py wsgi:app``.

Every value can be overridden from the environment (FORUM_BIND, FORUM_WORKERS, …), so the
same file serves the systemd unit, the container and the cluster benchmark.
"""

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

bind = os.environ.get("FORUM_BIND", "127.0.0.1:8000")
# Sync workers: each request is short, and PostgreSQL row locks serialise what must be.
workers = int(os.environ.get("FORUM_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer than this is stuck: the worker is replaced, the request fails.
timeout = int(os.environ.get("FORUM_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then, with jitter so that they never restart all at once.
max_requests = int(os.environ.get("FORUM_MAX_REQUESTS", 5000))
max_requests_jitter = max_requests // 10
# The app is loaded once, before forking: workers share its memory and start at once.
preload_app = True
accesslog = os.environ.get("FORUM_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Prometheus: the workers write their counters under one folder and a scrape of any worker
# adds them up. Set here, before the app is loaded, so that only gunicorn's processes (never
# the background worker) run in this mode; emptied at each start, as prometheus_client asks.
PROMETHEUS_DIR = os.environ.get("FORUM_METRICS_DIR") or tempfile.mkdtemp(prefix="forum-metrics-")
shutil.rmtree(PROMETHEUS_DIR, ignore_errors=True)
Path(PROMETHEUS_DIR).mkdir(parents=True, exist_ok=True)
os.environ["PROMETHEUS_MULTIPROC_DIR"] = PROMETHEUS_DIR


def child_exit(server, worker):
    """A worker that ends hands back its live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
