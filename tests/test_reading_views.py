"""Views that only read: the wall answers beside a writer, and a write slipped into one fails."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from forum.cities.models import City
from forum.db import reading_only
from forum.endorsements.models import Declaration
from forum.extensions import db
from tests import factories
from tests.endorsements import helpers


def test_the_wall_answers_while_a_writer_holds_the_lock(app, client):
    with app.app_context():
        declaration = helpers.declaration(factories.edition())
        db.session.commit()
        url = f"/api/v1/declarations/{declaration.id}/endorsements"
        writer = db.engine.connect()
    answered: list[int] = []
    try:
        with writer.begin():  # SQLite: BEGIN IMMEDIATE, the write lock; PostgreSQL: the row
            writer.execute(sa.select(Declaration).with_for_update())
            reader = threading.Thread(target=lambda: answered.append(client.get(url).status_code))
            reader.start()
            reader.join(timeout=3)
            assert answered == [200]  # before the writer lets go
    finally:
        writer.close()


def test_a_write_inside_a_reading_block_fails_and_the_next_transaction_writes(app):
    city = {"name": "Fès", "country_code": "MA", "slug": "fes", "match_key": "fes"}
    with app.app_context():
        with reading_only():
            db.session.scalar(sa.select(sa.func.count()).select_from(City))
            with pytest.raises(sa.exc.DBAPIError, match=r"(?i)read.?only"):
                db.session.execute(sa.insert(City).values(**city))
        db.session.rollback()
        db.session.execute(sa.insert(City).values(**city))
        db.session.commit()
        assert db.session.scalar(sa.select(City.name).where(City.slug == "fes")) == "Fès"
