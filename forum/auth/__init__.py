"""Accounts, roles, signing in (passwords, codes and magic links) and device tokens."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from forum.extensions import forum_cli, login_manager


def init_app(app: Flask) -> None:
    """Wire Flask-Login, the sign-in pages and the account commands."""
    from forum.auth import commands, login, routes, two_factor  # noqa: F401 (adds its routes)
    from forum.auth.models import Role

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    # "basic", not "strong": a scanner phone moving from Wi-Fi to 4G must stay signed in.
    login_manager.session_protection = "basic"
    login_manager.user_loader(login.load_user)
    login_manager.unauthorized_handler(login.unauthorized)
    app.context_processor(lambda: {"Role": Role})
    app.register_blueprint(routes.bp)
    for command in commands.COMMANDS:
        forum_cli.add_command(command)
