"""The forum application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import CONFIGS, DEFAULT_SECRET_KEY, INSTANCE_DIR
from forum import (
    agenda,
    api,
    auth,
    badges,
    checkin,
    cities,
    cli,
    dashboard,
    edge,
    endorsements,
    errors,
    extensions,
    i18n,
    mail,
    main,
    models,  # noqa: F401  (every model, registered for Alembic)
    registration,
    security,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Lowest first: an area may rely on the areas before it, never on those after it.
AREAS = (cities, mail, auth, api, registration, agenda, badges, checkin, endorsements, dashboard)


def create_app(config_name: str | None = None, **overrides: object) -> Flask:
    """Build the application for ``config_name`` (development, testing, production)."""
    app = _new_app(config_name or os.environ.get("FORUM_CONFIG", "development"), overrides)
    extensions.init_app(app)
    edge.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    for area in AREAS:
        area.init_app(app)
    main.init_app(app)
    cli.init_app(app)
    return app


def _new_app(config_name: str, overrides: dict[str, object]) -> Flask:
    """The bare Flask app with its configuration, refusing unsafe production settings."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_DIR / "templates"),
        static_folder=str(PROJECT_DIR / "static"),
        instance_path=str(INSTANCE_DIR),
    )
    app.config.from_object(CONFIGS[config_name])
    app.config["FORUM_ENV"] = config_name
    app.config.update(overrides)
    _refuse_default_secret(app, config_name)
    INSTANCE_DIR.mkdir(exist_ok=True)
    return app


def _refuse_default_secret(app: Flask, config_name: str) -> None:
    if config_name == "production" and app.config["SECRET_KEY"] in {"", None, DEFAULT_SECRET_KEY}:
        raise RuntimeError(
            "SECRET_KEY is not set: production refuses to start with the default secret."
        )
