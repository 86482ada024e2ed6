"""City commitments: what each city does, commits to and needs under each theme, and the
progress it reports year after year."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the public, delegate, organiser and API pages, and the theme page's counts."""
    from forum.commitments import (
        admin,
        api,
        delegate,
        match_admin,
        match_pages,
        offers_admin,
        routes,
    )
    from forum.commitments.match_queries import public_need_matches
    from forum.commitments.match_views import entry_matching, match_labels, may_connect
    from forum.commitments.queries import theme_counts

    # The delegate pages live on the public blueprint, the offer pages on the organisers'.
    assert delegate.bp is routes.bp and offers_admin.bp is admin.bp
    assert match_pages.bp is routes.bp and match_admin.bp is admin.bp
    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    # The agenda's theme page sits below this area: it asks for the counts through a global.
    app.jinja_env.globals["commitment_counts"] = theme_counts
    # The entry pages (rendered by routes.py and delegate.py) ask for their matching panel.
    app.jinja_env.globals.update(
        may_connect=may_connect,
        entry_matching=entry_matching,
        match_labels=match_labels,
        public_need_matches=public_need_matches,
    )
