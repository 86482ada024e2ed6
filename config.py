"""Configuration classes; every secret comes from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - refused in production
MIN_SECRET_KEY_BYTES = 32
KEY_RECIPE = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
# Words that mark a key somebody copied from an example instead of generating one.
PLACEHOLDER_WORDS = ("change", "secret-key", "not-secret", "placeholder", "example")


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _env_list(name: str) -> tuple[str, ...]:
    """A comma- or space-separated setting as a tuple of its non-empty items."""
    return tuple(os.environ.get(name, "").replace(",", " ").split())


class Config:
    """Settings shared by every environment; with nothing set, the app runs as production."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'forum.sqlite3'}"
    )
    # A pre-ping costs three round trips on PostgreSQL (BEGIN, SELECT 1, ROLLBACK) before
    # every request, more than a door scan itself. Without it, a connection the database
    # dropped fails one request, and SQLAlchemy then renews the whole pool; connections are
    # renewed every half hour anyway. DATABASE_PRE_PING=1 trades speed for that request.
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {
        "pool_pre_ping": os.environ.get("DATABASE_PRE_PING", "0") == "1",
        "pool_recycle": 1_800,
    }
    # How long a transaction waits for a lock: SQLite's write lock in general, and any lock
    # for the hot writes at the doors (scans, the desk, sign-ups), which answer "busy".
    SQLITE_BUSY_TIMEOUT_MS = _env_int("SQLITE_BUSY_TIMEOUT_MS", 30_000)
    HOT_WRITE_LOCK_WAIT_MS = _env_int("HOT_WRITE_LOCK_WAIT_MS", 2_000)
    # The CPU priority (nice, 0-19) the worker and batch commands lower themselves to, so
    # that the requests of the day come first on a node that runs both; 0: as started.
    BACKGROUND_NICENESS = _env_int("BACKGROUND_NICENESS", 10)
    # How long each process trusts a device token it has checked (0: ask the database every
    # time). A revocation reaches the other processes and nodes within this many seconds.
    API_TOKEN_CACHE_SECONDS = float(os.environ.get("API_TOKEN_CACHE_SECONDS", "0.5"))
    # Device scans answered before Flask's request hooks (forum.checkin.lane); 0 sends
    # every scan through the app, for comparing the two or ruling the lane out.
    DOOR_LANE = _env_bool("DOOR_LANE", True)

    SERVER_NAME = os.environ.get("SERVER_NAME")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # Every absolute link (e-mails, feeds, PDFs, the API) is built from this, never from the
    # request's Host header, which the client chooses.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    # Host names accepted besides PUBLIC_BASE_URL's; requests naming any other host get 400.
    EXTRA_TRUSTED_HOSTS = _env_list("TRUSTED_HOSTS")
    # How many reverse proxies (nginx, a load balancer) stand in front of the app: their
    # X-Forwarded-For/-Proto are believed, a client's own are not. 0: serve directly.
    PROXY_COUNT = _env_int("PROXY_COUNT", 0)
    # /metrics answers only a scraper sending "Authorization: Bearer <this>"; unset, it is 404.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN")

    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = _env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _env_bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Mayoral Forum <forum@localhost>")
    # Never follow app.debug: smtplib's debug output prints whole messages, private links included.
    MAIL_DEBUG = False
    MAIL_TIMEOUT_SECONDS = _env_int("MAIL_TIMEOUT_SECONDS", 10)
    # With no MAIL_SERVER, messages are written here as .eml files.
    MAIL_FILE_DIR = os.environ.get("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail"))
    MAIL_MAX_ATTEMPTS = _env_int("MAIL_MAX_ATTEMPTS", 8)

    REDIS_URL = os.environ.get("REDIS_URL")
    # None: derived from REDIS_URL when the app is built (see rate_limit_storage).
    RATELIMIT_STORAGE_URI: str | None = None
    # Redis down: keep limiting, per worker, rather than fail every request; and find out
    # within a second, not after the system's connect timeout.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
    # Off: Flask-Limiter would stamp its window's Retry-After on every answer (a 503 "busy"
    # included); our error handler gives 429s their own Retry-After instead.
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute; 50 per hour")
    REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "10 per minute")
    # A busy door scans a badge every second or two; a runaway client is stopped.
    SCAN_RATE_LIMIT = os.environ.get("SCAN_RATE_LIMIT", "300 per minute")

    MAGIC_LINK_MAX_AGE_SECONDS = _env_int("MAGIC_LINK_MAX_AGE_SECONDS", 30 * 60)
    # A private link lasts beyond one edition's cycle; an expired one can be renewed by e-mail.
    PRIVATE_LINK_MAX_AGE_DAYS = _env_int("PRIVATE_LINK_MAX_AGE_DAYS", 400)
    EMAIL_CHANGE_MAX_AGE_SECONDS = _env_int("EMAIL_CHANGE_MAX_AGE_SECONDS", 2 * 24 * 3600)
    # A city's link to report progress on its commitments, and when it is reminded.
    COMMITMENT_UPDATE_LINK_DAYS = _env_int("COMMITMENT_UPDATE_LINK_DAYS", 60)
    COMMITMENT_REMINDER_DAYS = _env_int("COMMITMENT_REMINDER_DAYS", 14)
    # Organisers and admins must set up a TOTP app before they can do anything else.
    REQUIRE_2FA_FOR_ORGANISERS = _env_bool("REQUIRE_2FA_FOR_ORGANISERS")
    # Time between the password and the code of a two-step sign-in.
    TWO_FACTOR_MAX_AGE_SECONDS = 5 * 60
    WTF_CSRF_TIME_LIMIT = None  # tie CSRF tokens to the session, not a clock

    LANGUAGES = ("en", "fr", "es", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    FORCE_HTTPS = False
    ADMIN_PAGE_SIZE = 50

    # Visa letters: Fernet keys sealing passport data (comma-separated; the first seals, all
    # open). Without one, delegates cannot request letters. Make one with:
    # python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
    VISA_DATA_KEY = os.environ.get("VISA_DATA_KEY", "")
    # Passport details are deleted this many days after their edition ends.
    VISA_DATA_RETENTION_DAYS = _env_int("VISA_DATA_RETENTION_DAYS", 30)
    # Unset: "The organisers" and the forum's name, in the letter's language.
    VISA_LETTER_SIGNATORY_NAME = os.environ.get("VISA_LETTER_SIGNATORY_NAME", "")
    VISA_LETTER_SIGNATORY_TITLE = os.environ.get("VISA_LETTER_SIGNATORY_TITLE", "")

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


# A published key, for the demo's made-up passports only: production refuses it.
DEVELOPMENT_VISA_KEY = "-jNuT5Nvdgp_63tQp9uwR7FFlGa_rZ2f83KTBNRXSNk="


class DevelopmentConfig(Config):
    """Local development (`make run`): SQLite, mail to files, no HTTPS."""

    DEBUG = True
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    EXTRA_TRUSTED_HOSTS = (*Config.EXTRA_TRUSTED_HOSTS, "127.0.0.1", "localhost")
    VISA_DATA_KEY = os.environ.get("VISA_DATA_KEY", DEVELOPMENT_VISA_KEY)


class TestingConfig(Config):
    """Test runs: a throwaway database chosen by the test fixtures."""

    TESTING = True
    SECRET_KEY = "testing-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_STORAGE_URI = "memory://"
    LOGIN_RATE_LIMIT = "1000 per minute"
    REGISTRATION_RATE_LIMIT = "1000 per minute"
    SCAN_RATE_LIMIT = "10000 per minute"
    BACKGROUND_NICENESS = 0  # commands run inside the test process, which must not slow down
    PUBLIC_BASE_URL = "http://localhost"
    # The test client says localhost; the browser tests' live server listens on 127.0.0.1.
    EXTRA_TRUSTED_HOSTS = ("127.0.0.1",)
    MAIL_SUPPRESS_SEND = False  # mail tests deliver to a real local SMTP server
    VISA_DATA_KEY = "GKooBf3TwljcKj4oQIPDQimxf1Ney9qZMELs1IpqpzE="


class ProductionConfig(Config):
    """Production: secrets must come from the environment; cookies only over HTTPS."""

    DEBUG = False
    # A database error's message never carries its query's values (calendar secrets, say).
    SQLALCHEMY_ENGINE_OPTIONS = {**Config.SQLALCHEMY_ENGINE_OPTIONS, "hide_parameters": True}
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    FORCE_HTTPS = _env_bool("FORCE_HTTPS", True)


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def trusted_hosts(config: Mapping[str, object]) -> list[str]:
    """The host names requests may name: PUBLIC_BASE_URL's and the extra ones."""
    public = urlsplit(str(config.get("PUBLIC_BASE_URL") or "")).hostname
    extra = config.get("EXTRA_TRUSTED_HOSTS")
    hosts = [public] if public else []
    hosts += [str(host) for host in extra] if isinstance(extra, list | tuple) else []
    return list(dict.fromkeys(hosts))


def rate_limit_storage(config: Mapping[str, object]) -> str:
    """Where rate-limit counters live: Redis when there is one (shared by every worker)."""
    chosen = config.get("RATELIMIT_STORAGE_URI") or config.get("REDIS_URL")
    return str(chosen or "memory://")


def weak_secret_key(key: object) -> bool:
    """True for a missing, short or copied-from-an-example SECRET_KEY."""
    if not isinstance(key, str | bytes) or not key:
        return True
    text = key.decode("latin-1") if isinstance(key, bytes) else key
    if len(text.encode()) < MIN_SECRET_KEY_BYTES or len(set(text)) < 10:
        return True
    lowered = text.lower()
    return text == DEFAULT_SECRET_KEY or any(word in lowered for word in PLACEHOLDER_WORDS)


def production_problems(config: Mapping[str, object]) -> list[str]:
    """What keeps this configuration from being run in production (empty when it may run)."""
    problems = []
    if weak_secret_key(config.get("SECRET_KEY")):
        problems.append(
            f"SECRET_KEY is missing or weak: it needs at least {MIN_SECRET_KEY_BYTES} random "
            f"bytes. Make one with: {KEY_RECIPE}"
        )
    base = urlsplit(str(config.get("PUBLIC_BASE_URL") or ""))
    if base.scheme not in {"http", "https"} or not base.hostname:
        problems.append(
            "PUBLIC_BASE_URL is not set: give the address people use, e.g. "
            "PUBLIC_BASE_URL=https://forum.example.org (links in e-mails are built from it)."
        )
    if DEVELOPMENT_VISA_KEY in str(config.get("VISA_DATA_KEY") or ""):
        problems.append(
            "VISA_DATA_KEY is the published development key: passports sealed with it are "
            'readable by anyone. Make one with: python -c "from cryptography.fernet import '
            'Fernet; print(Fernet.generate_key().decode())"'
        )
    return problems
