"""deploy/ (issue 15.5): the gunicorn configuration runs a node whose workers add their
metrics up, and the environment template names only settings the app reads."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.test_ops import sample

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
REQUESTS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (our own node)
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310
        return answer.status, answer.read().decode()


@pytest.fixture
def node(tmp_path: Path):
    """A production node: gunicorn with deploy/gunicorn.conf.py, two workers, on SQLite."""
    port = free_port()
    token = secrets.token_urlsafe(16)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"FORUM_CONFIG", "TEST_DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR"}
    } | {
        "SECRET_KEY": secrets.token_urlsafe(48),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "FORCE_HTTPS": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'node.sqlite3'}",
        "METRICS_TOKEN": token,
        "FORUM_BIND": f"127.0.0.1:{port}",
        "FORUM_WORKERS": "2",
        "FORUM_METRICS_DIR": str(tmp_path / "metrics"),
        "FORUM_ACCESS_LOG": "/dev/null",
    }
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, timeout=120,
                   capture_output=True)  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"), "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(base, server)
        yield {"base": base, "token": token, "metrics_dir": tmp_path / "metrics"}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(server.stderr.read().decode() if server.stderr else "exited")
        try:
            if get(f"{base}/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the node never became healthy")


def test_a_scrape_of_one_worker_counts_the_requests_of_every_worker(node):
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: get(f"{node['base']}/")[0], range(REQUESTS)))
    assert statuses == [200] * REQUESTS
    workers_that_served = {
        match.group(1)
        for path in node["metrics_dir"].iterdir()
        if (match := re.fullmatch(r"histogram_(\d+)\.db", path.name))
    }
    assert len(workers_that_served) == 2
    _status, text = get(f"{node['base']}/metrics", Authorization=f"Bearer {node['token']}")
    served = sample(text, "forum_http_request_duration_seconds_count", endpoint="main.index")
    assert served == REQUESTS


def test_every_setting_of_the_environment_template_is_read_by_the_app():
    template = (DEPLOY / "forum.env.example").read_text()
    names = re.findall(r"^([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE)
    assert len(names) >= 10
    readers = (ROOT / "config.py").read_text() + (DEPLOY / "gunicorn.conf.py").read_text()
    unread = [name for name in names if f'"{name}"' not in readers]
    assert unread == []
