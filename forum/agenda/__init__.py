"""The programme: themes, rooms, sessions, sign-ups, calendar feeds and the summit's agenda."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the agenda's pages, organiser pages and JSON API; attach it to welcome e-mails."""
    from forum.agenda import admin, api, gfmd, routes
    from forum.agenda.attachments import programme_attachment
    from forum.registration.signals import welcome_attachments

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    gfmd.init_app(app)
    welcome_attachments.connect(programme_attachment)
