"""Finding the edition that is running."""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.exceptions import NotFound

from forum.editions.models import Edition
from forum.extensions import db


def current_edition() -> Edition | None:
    """The edition marked current, or the most recent one."""
    return db.session.scalars(
        sa.select(Edition).order_by(Edition.is_current.desc(), Edition.number.desc()).limit(1)
    ).first()


def current_edition_or_404() -> Edition:
    """The current edition; a 404 page when the database holds none yet."""
    edition = current_edition()
    if edition is None:
        raise NotFound("No edition has been set up yet.")
    return edition


def edition_by_number(number: int | None) -> Edition | None:
    """The edition with this number, or the current one when no number is given."""
    if number is None:
        return current_edition()
    return db.session.scalars(sa.select(Edition).where(Edition.number == number)).first()


def make_current(edition: Edition) -> None:
    """Mark ``edition`` as the one the public pages show."""
    db.session.execute(sa.update(Edition).where(Edition.id != edition.id).values(is_current=False))
    edition.is_current = True
