"""Holding a row's lock from another connection: a badge as a second door mid-scan would, or
any row as a service's ``lock_row`` does (an organiser's decision locks its edition)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask

from forum.badges.models import Badge
from forum.db import lock_row
from forum.extensions import db


@contextmanager
def badge_held(engine: sa.Engine, badge_id: int) -> Iterator[None]:
    """Within the block another transaction holds the badge's row (PostgreSQL) or, SQLite
    beginning every transaction IMMEDIATE, the write lock of the whole file."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with engine.connect() as connection, connection.begin():
            connection.execute(sa.select(Badge.id).where(Badge.id == badge_id).with_for_update())
            locked.set()
            release.wait(15)

    with _held_while(hold, locked, release):
        yield


@contextmanager
def locked_by_a_service(app: Flask, model: Any, row_id: int) -> Iterator[None]:
    """Within the block another request's transaction holds ``lock_row(model, row_id)``."""
    locked, release = threading.Event(), threading.Event()

    def hold() -> None:
        with app.app_context():
            lock_row(model, row_id)
            locked.set()
            release.wait(15)
            db.session.rollback()

    with _held_while(hold, locked, release):
        yield


@contextmanager
def _held_while(hold: Any, locked: threading.Event, release: threading.Event) -> Iterator[None]:
    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join(20)
