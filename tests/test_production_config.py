"""With no configuration the app is production, and production refuses to run unsafe
(issue 8.3; the public address of 8.1; the Redis warning of 8.19)."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from forum import create_app

ROOT = Path(__file__).resolve().parent.parent
# Settings that would choose a configuration for the app: none is given to "a plain gunicorn".
CHOOSING = {"FORUM_CONFIG", "SECRET_KEY", "PUBLIC_BASE_URL", "REDIS_URL", "FLASK_DEBUG"}
# What an in-process production app needs besides its key (HTTPS redirects would follow the
# shared Talisman object into the other tests' app).
PRODUCTION = {
    "PUBLIC_BASE_URL": "https://forum.example.org",
    "FORCE_HTTPS": False,
    "SQLALCHEMY_DATABASE_URI": "sqlite://",
}


def import_wsgi(**env: str) -> subprocess.CompletedProcess[str]:
    """``import wsgi`` (what gunicorn does) in a fresh interpreter with only ``env`` set."""
    clean = {key: value for key, value in os.environ.items() if key not in CHOOSING}
    return subprocess.run(
        [sys.executable, "-c", "import wsgi; print(wsgi.app.config['FORUM_ENV'], wsgi.app.debug)"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_plain_wsgi_import_is_production_and_refuses_to_start_without_a_key():
    started = import_wsgi()
    assert started.returncode != 0
    assert "SECRET_KEY is missing or weak" in started.stderr
    assert 'python -c "import secrets; print(secrets.token_urlsafe(48))"' in started.stderr
    assert "PUBLIC_BASE_URL is not set" in started.stderr


def test_with_a_real_key_and_address_a_plain_wsgi_import_runs_production_without_debug():
    started = import_wsgi(
        SECRET_KEY=secrets.token_urlsafe(48), PUBLIC_BASE_URL="https://forum.example.org"
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.split() == ["production", "False"]
    assert "REDIS_URL is not set" in started.stderr  # the loud warning about rate limits


@pytest.mark.parametrize(
    "key",
    [
        "",
        "dev-only-not-secret",
        "testing-secret-key",
        "short-but-random-Zx81",
        "a" * 64,
        "change-me-to-something-long-and-random-please",
        "your-secret-key-goes-here-0123456789abcdef",
    ],
)
def test_production_refuses_a_weak_or_placeholder_key(key):
    with pytest.raises(RuntimeError, match="token_urlsafe"):
        create_app("production", SECRET_KEY=key, **PRODUCTION)


def test_production_refuses_to_build_links_without_a_public_address():
    with pytest.raises(RuntimeError, match="PUBLIC_BASE_URL"):
        create_app(
            "production",
            SECRET_KEY=secrets.token_urlsafe(48),
            **PRODUCTION | {"PUBLIC_BASE_URL": ""},
        )


def test_production_trusts_only_the_public_host_and_the_listed_ones():
    app = create_app(
        "production",
        SECRET_KEY=secrets.token_urlsafe(48),
        EXTRA_TRUSTED_HOSTS=["forum-internal.example.org"],
        **PRODUCTION,
    )
    assert app.config["TRUSTED_HOSTS"] == ["forum.example.org", "forum-internal.example.org"]
    assert app.config["MAIL_DEBUG"] is False
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True


def test_production_without_redis_warns_loudly(caplog):
    with caplog.at_level(logging.WARNING):
        create_app("production", SECRET_KEY=secrets.token_urlsafe(48), **PRODUCTION)
    assert any("REDIS_URL is not set" in record.getMessage() for record in caplog.records)


def test_make_run_and_its_steps_choose_development_explicitly():
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    flask_lines = [line for line in plan.splitlines() if "flask --app wsgi" in line]
    commands = ["db upgrade", "forum seed-demo", "forum worker", "run --host"]
    assert all(any(command in line for line in flask_lines) for command in commands), plan
    assert all(
        line.count("FORUM_CONFIG=development") == line.count("flask --app wsgi")
        for line in flask_lines
    )
