"""Holding a badge's row lock from another connection, as a second door mid-scan would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from forum.badges.models import Badge


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

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    try:
        yield
    finally:
        release.set()
        holder.join(20)
