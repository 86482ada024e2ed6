"""The Mayors' Declaration: its texts, who may sign, online and desk endorsements, the wall."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the declaration's public pages and desk, the organisers' pages and the API;
    copy the declaration into a cloned edition as a draft."""
    from forum.editions.signals import edition_cloned
    from forum.endorsements import admin, api, routes
    from forum.endorsements.cloning import copy_declaration
    from forum.endorsements.services import signing_authorised

    app.register_blueprint(routes.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(api.bp)
    edition_cloned.connect(copy_declaration)
    # The commitments area (same layer) asks who may confirm a city's entry through this.
    app.extensions["forum.signing_authorised"] = signing_authorised
