"""Badges: a random code per approved delegate, its QR, PDFs, and batch printing."""

from __future__ import annotations

from flask import Flask

from forum.extensions import forum_cli


def init_app(app: Flask) -> None:
    """Register the badge pages and commands; follow registrations to issue and revoke badges."""
    from forum.badges import admin, commands, routes
    from forum.badges.printing import badge_attachment
    from forum.badges.services import follow_registration_status
    from forum.registration.signals import status_changed, welcome_attachments

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    for command in commands.COMMANDS:
        forum_cli.add_command(command)
    status_changed.connect(follow_registration_status)
    welcome_attachments.connect(badge_attachment)
