"""City commitments: what each city does, commits to and needs under each theme, and the
progress it reports year after year."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the public, delegate, organiser and API pages, what the theme and edition
    pages show of the entries, the matching, and the reminders and open-data commands."""
    from forum.commitments import (
        admin,
        api,
        commands,
        delegate,
        desk,
        followup_admin,
        followup_routes,
        import_admin,
        import_command,
        offers_admin,
        outputs,
        routes,
        showcase,
        tools_admin,
    )
    from forum.commitments.confirmation import may_confirm
    from forum.commitments.match_setup import init_matching
    from forum.commitments.queries import theme_counts
    from forum.extensions import forum_cli

    # The delegate pages live on the public blueprint, the offer pages on the organisers'.
    assert delegate.bp is routes.bp and offers_admin.bp is admin.bp
    assert followup_routes.bp is routes.bp and followup_admin.bp is desk.bp is admin.bp
    assert tools_admin.bp is admin.bp and import_admin.bp is admin.bp
    assert outputs.bp is routes.bp  # the annual report and the open data, public too
    forum_cli.add_command(commands.open_data_command)
    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    # The agenda's theme page sits below this area: it asks for the counts through a global.
    app.jinja_env.globals["commitment_counts"] = theme_counts
    app.jinja_env.globals["commitment_confirmable"] = may_confirm
    forum_cli.add_command(commands.commitment_reminders_command)
    forum_cli.add_command(import_command.import_commitments_command)
    init_matching(app)
    showcase.register_globals(app)
