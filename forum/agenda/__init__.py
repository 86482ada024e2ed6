"""The programme: themes, rooms, sessions, sign-ups, calendar feeds and the summit's agenda."""

from __future__ import annotations

from flask import Flask
from flask_babel import get_locale

from forum.extensions import forum_cli


def init_app(app: Flask) -> None:
    """Register the agenda's pages, organiser pages, JSON API and commands; attach the
    programme to welcome e-mails; give speakers' badges their role; copy the programme into
    a cloned edition."""
    from forum.agenda import admin, api, commands, gfmd, routes
    from forum.agenda.attachments import programme_attachment
    from forum.agenda.cloning import copy_programme
    from forum.agenda.gcm import titles_are_own
    from forum.agenda.links import calendar_links
    from forum.agenda.speaking import badge_roles as badge_role_lines
    from forum.editions.signals import edition_cloned
    from forum.registration.signals import badge_roles, welcome_attachments

    app.context_processor(calendar_links)
    app.jinja_env.globals["gcm_titles_are_own"] = lambda: titles_are_own(str(get_locale()))
    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    forum_cli.add_command(commands.import_sessions_command)
    gfmd.init_app(app)
    welcome_attachments.connect(programme_attachment)
    edition_cloned.connect(copy_programme)
    badge_roles.connect(badge_role_lines)
