"""Matching's share of the area's set-up: importing this attaches its pages to the public and
organisers' blueprints; init_matching gives the entry templates their matching helpers."""

from __future__ import annotations

from flask import Flask

from forum.commitments import admin, match_admin, match_pages, routes
from forum.commitments.match_queries import public_need_matches
from forum.commitments.match_views import entry_matching, match_labels, match_stage, may_connect

# The matching pages live on the public blueprint, the board on the organisers'.
assert match_pages.bp is routes.bp and match_admin.bp is admin.bp


def init_matching(app: Flask) -> None:
    """Let the entry pages (rendered by routes.py and delegate.py) ask for their matching
    panel, their connect buttons and the matches made."""
    app.jinja_env.globals.update(
        may_connect=may_connect,
        entry_matching=entry_matching,
        match_labels=match_labels,
        public_need_matches=public_need_matches,
        match_stage=match_stage,
    )
