"""The forum application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import (
    CONFIGS,
    INSTANCE_DIR,
    production_problems,
    rate_limit_storage,
    trusted_hosts,
)
from forum import (
    agenda,
    api,
    auth,
    badges,
    checkin,
    cities,
    cli,
    commitments,
    dashboard,
    edge,
    endorsements,
    errors,
    extensions,
    i18n,
    mail,
    main,
    models,  # noqa: F401  (every model, registered for Alembic)
    ops,
    registration,
    seasons,
    security,
    visas,
)
from forum.urls import RefuseUnknownHosts

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Lowest first: an area may rely on the areas before it, never on those after it.
AREAS = (
    cities, mail, ops, auth, api, registration, agenda, badges, checkin, endorsements, visas,
    commitments, dashboard, seasons,
)  # fmt: skip


def create_app(config_name: str | None = None, **overrides: object) -> Flask:
    """Build the application for ``config_name`` (development, testing, production).

    Without a name, FORUM_CONFIG decides, and without that the app runs as production: only
    `make run` and the tests choose a development or testing configuration, explicitly.
    """
    app = _new_app(config_name or os.environ.get("FORUM_CONFIG", "production"), overrides)
    extensions.init_app(app)
    edge.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    for area in AREAS:
        area.init_app(app)
    main.init_app(app)
    cli.init_app(app)
    _guard_the_door(app)
    return app


def _new_app(config_name: str, overrides: dict[str, object]) -> Flask:
    """The bare Flask app with its configuration, refusing unsafe production settings."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_DIR / "templates"),
        static_folder=str(PROJECT_DIR / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    # {% do rows.append(x) %}: the other way, {% set _ = … %}, hides gettext's "_" after it.
    app.jinja_env.add_extension("jinja2.ext.do")
    app.config.from_object(CONFIGS[config_name])
    app.config["FORUM_ENV"] = config_name
    app.config.update(overrides)
    # Derived after the overrides, so what a caller passes (REDIS_URL, say) is what is used.
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config) or None
    app.config["RATELIMIT_STORAGE_URI"] = rate_limit_storage(app.config)
    if config_name == "production":
        _refuse_unsafe_production(app)
    INSTANCE_DIR.mkdir(exist_ok=True)
    return app


def _guard_the_door(app: Flask) -> None:
    """The outer WSGI middleware, around whatever the areas put in front of Flask (the
    doors' lane): unknown hosts are refused before anything answers."""
    app.wsgi_app = RefuseUnknownHosts(app)  # type: ignore[method-assign]
    _trust_proxies(app)


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT reverse proxies, take the client's address and scheme from their
    X-Forwarded-For and X-Forwarded-Proto (rate limits count per client, cookies stay secure).
    The Host is never taken from them: absolute links come from PUBLIC_BASE_URL."""
    hops = int(app.config.get("PROXY_COUNT") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)  # type: ignore[method-assign]


def _refuse_unsafe_production(app: Flask) -> None:
    """Stop before serving anything with a guessable key or Host-derived links; warn of
    rate limits that each worker would count on its own."""
    problems = production_problems(app.config)
    if problems:
        raise RuntimeError("Production refuses to start:\n- " + "\n- ".join(problems))
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith("memory"):
        app.logger.warning(
            "!!! REDIS_URL is not set: rate limits are counted in each worker's memory, so with N "
            "workers a limit lets N times as many attempts through. Set REDIS_URL in production."
        )
