"""Migrations build the same schema as the models, from an empty database."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from forum import create_app
from forum.db import render_migration_type
from forum.extensions import db
from tests.conftest import DATABASE_URL


@pytest.fixture
def empty_database_url(tmp_path) -> Iterator[str]:
    """A brand-new empty database of the kind the suite runs on."""
    if not (DATABASE_URL or "").startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    name = f"forum_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.engine.make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_on_an_empty_database_matches_the_models(empty_database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_item": render_migration_type}
            )
            differences = compare_metadata(context, db.metadata)
            tables = set(sa.inspect(connection).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert {
        "users",
        "editions",
        "registrations",
        "outbox_emails",
        "audit_events",
        "cities",
    } <= tables
    assert "alembic_version" in tables


def test_migrations_have_one_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from forum import PROJECT_DIR

    config = Config()
    config.set_main_option("script_location", str(PROJECT_DIR / "migrations"))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_calendar_secrets_are_given_to_existing_registrations(empty_database_url):
    """The agenda migration fills its new required column for registrations already stored."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="5c5b21ec6dee")
        with db.engine.begin() as connection:
            for statement, values in OLD_ROWS:
                connection.execute(sa.text(statement), values)
        upgrade()
        with db.engine.connect() as connection:
            stored = (
                connection.execute(sa.text("SELECT calendar_secret FROM registrations"))
                .scalars()
                .all()
            )
        db.engine.dispose()
    assert len(stored) == 2
    assert len(set(stored)) == 2
    assert all(len(secret) >= 30 for secret in stored)


WHEN = "2018-10-01 00:00:00"
USER = (
    "INSERT INTO users (email, display_name, role, login_counter, is_active_account, created_at)"
    " VALUES (:email, 'X', 'delegate', 0, true, :at)"
)
REGISTRATION = (
    "INSERT INTO registrations (edition_id, user_id, city_id, given_name, family_name,"
    " category, position_title, organisation, languages, accessibility_needs, dietary_needs,"
    " needs_visa_letter, consented_at, status, created_at, updated_at, status_changed_at)"
    " VALUES (1, :user_id, 1, 'G', 'F', 'mayor', 'Mayor', '', '[]', '', '', false, :at,"
    " 'pending', :at, :at, :at)"
)
OLD_ROWS: list[tuple[str, dict[str, object]]] = [
    (
        "INSERT INTO editions (number, year, title, city, country_code, venue, timezone,"
        " starts_on, ends_on, outcome_document, is_current) VALUES (5, 2018, 'T', 'Marrakech',"
        " 'MA', '', 'UTC', '2018-12-08', '2018-12-08', '', true)",
        {},
    ),
    ("INSERT INTO cities (name, country_code, match_key) VALUES ('Rabat', 'MA', 'rabat')", {}),
    (USER, {"email": "one@example.org", "at": WHEN}),
    (USER, {"email": "two@example.org", "at": WHEN}),
    (REGISTRATION, {"user_id": 1, "at": WHEN}),
    (REGISTRATION, {"user_id": 2, "at": WHEN}),
]


def test_registrations_already_stored_are_given_their_search_text(empty_database_url):
    """The search migration folds the rows it finds, so "lodz" finds an older delegate too."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="454a7c95188a")
        with db.engine.begin() as connection:
            for statement, values in OLD_ROWS[:3]:
                connection.execute(sa.text(statement.replace("'Rabat'", "'Łódź'")), values)
            # By then a registration must have a calendar secret of its own.
            with_secret = REGISTRATION.replace(
                "status_changed_at)", "status_changed_at, calendar_secret)"
            ).replace(":at, :at, :at)", ":at, :at, :at, 'secret-of-one')")
            connection.execute(sa.text(with_secret), {"user_id": 1, "at": WHEN})
        upgrade()
        with db.engine.connect() as connection:
            stored = connection.execute(sa.text("SELECT search_text FROM registrations")).scalar()
        db.engine.dispose()
    assert stored is not None
    assert {"g", "f", "lodz", "ma", "morocco", "maroc", "marruecos", "one@example.org"} <= set(
        stored.split()
    )
