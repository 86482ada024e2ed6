"""Configuration classes; every secret comes from the environment."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _env_list(name: str) -> tuple[str, ...]:
    """A comma-separated setting as a tuple of its non-empty items."""
    return tuple(item.strip() for item in os.environ.get(name, "").split(",") if item.strip())


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'forum.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}

    SERVER_NAME = os.environ.get("SERVER_NAME")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # Used to build links in e-mails sent outside a request (CLI, workers).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Mayoral Forum <forum@localhost>")
    MAIL_TIMEOUT_SECONDS = _env_int("MAIL_TIMEOUT_SECONDS", 10)
    # With no MAIL_SERVER, messages are written here as .eml files.
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 8)

    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute; 50 per hour")
    REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "10 per minute")
    # A busy door scans a badge every second or two; a runaway client is stopped.
    SCAN_RATE_LIMIT = os.environ.get("SCAN_RATE_LIMIT", "300 per minute")

    MAGIC_LINK_MAX_AGE_SECONDS = _env_int("MAGIC_LINK_MAX_AGE_SECONDS", 30 * 60)
    WTF_CSRF_TIME_LIMIT = None  # tie CSRF tokens to the session, not a clock

    LANGUAGES = ("en", "fr", "es")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    FORCE_HTTPS = False
    ADMIN_PAGE_SIZE = 50

    # The GFMD summit sync fetches the address an organiser gives. Only public addresses
    # are fetched, unless the host is listed here (comma-separated: an intranet mirror).
    GFMD_ALLOWED_HOSTS = _env_list("GFMD_ALLOWED_HOSTS")
    # One deadline for a whole fetch (connecting and every read), and a size cap.
    GFMD_FETCH_DEADLINE_SECONDS = _env_float("GFMD_FETCH_DEADLINE_SECONDS", 15.0)
    GFMD_MAX_FEED_BYTES = _env_int("GFMD_MAX_FEED_BYTES", 5_000_000)
    # A sync that would cancel more than this share of the scheduled summit items waits
    # for an organiser's confirmation (the page) or --confirm-cancellations (the command).
    GFMD_HOLD_CANCELLED_SHARE = _env_float("GFMD_HOLD_CANCELLED_SHARE", 0.3)
    # The request that queues a sync also starts a thread to run it, for sites without a
    # `flask forum worker` process; false leaves every sync to the worker.
    GFMD_SYNC_JOBS_IN_THREAD = _env_bool("GFMD_SYNC_JOBS_IN_THREAD", True)


class DevelopmentConfig(Config):
    """Local development: SQLite, mail to files, no HTTPS."""

    DEBUG = True


class TestingConfig(Config):
    """Test runs: a throwaway database chosen by the test fixtures."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "1000 per minute"
    REGISTRATION_RATE_LIMIT = "1000 per minute"
    SCAN_RATE_LIMIT = "10000 per minute"
    PUBLIC_BASE_URL = "http://localhost"
    MAIL_SUPPRESS_SEND = False  # mail tests deliver to a real local SMTP server


class ProductionConfig(Config):
    """Production: secrets must come from the environment; cookies only over HTTPS."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    FORCE_HTTPS = _env_bool("FORCE_HTTPS", True)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
