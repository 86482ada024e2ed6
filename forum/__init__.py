"""The forum application factory."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from config import CONFIGS, DEFAULT_SECRET_KEY, INSTANCE_DIR

PROJECT_DIR = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides: object) -> Flask:
    """Build the application for ``config_name`` (development, testing, production)."""
    config_name = config_name or os.environ.get("FORUM_CONFIG", "development")
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

    from forum import cli, errors, extensions, i18n, security
    from forum.admin import routes as admin_routes
    from forum.agenda import admin as agenda_admin
    from forum.agenda import picks as agenda_picks
    from forum.agenda import routes as agenda_routes
    from forum.agenda import sync_routes as agenda_sync_routes
    from forum.api import routes as api_routes
    from forum.auth import routes as auth_routes
    from forum.badges import admin as badges_admin
    from forum.badges import routes as badges_routes
    from forum.checkin import api as checkin_api
    from forum.checkin import arrivals_routes
    from forum.checkin import routes as checkin_routes
    from forum.endorsements import admin as declaration_admin
    from forum.endorsements import api as endorsements_api
    from forum.endorsements import desk_routes as endorse_desk_routes
    from forum.endorsements import routes as declaration_routes
    from forum.main import routes as main_routes
    from forum.registration import admin as registration_admin
    from forum.registration import routes as registration_routes

    extensions.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    errors.init_app(app)
    for blueprint in (
        main_routes.bp,
        auth_routes.bp,
        registration_routes.bp,
        admin_routes.bp,
        registration_admin.bp,
        agenda_routes.bp,
        agenda_picks.bp,
        agenda_admin.bp,
        api_routes.bp,
        checkin_api.bp,
        declaration_routes.bp,
        declaration_admin.bp,
        endorsements_api.bp,
        endorse_desk_routes.bp,
        checkin_routes.bp,
        arrivals_routes.bp,
        agenda_sync_routes.bp,
        badges_routes.bp,
        badges_admin.bp,
    ):
        app.register_blueprint(blueprint)
    cli.init_app(app)
    return app


def _refuse_default_secret(app: Flask, config_name: str) -> None:
    if config_name == "production" and app.config["SECRET_KEY"] in {"", None, DEFAULT_SECRET_KEY}:
        raise RuntimeError(
            "SECRET_KEY is not set: production refuses to start with the default secret."
        )
