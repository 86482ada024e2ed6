"""Unbound extension objects, bound to the app in create_app()."""

from pathlib import Path

import orjson
from flask import Flask
from flask.cli import AppGroup
from flask.logging import default_handler
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base with constraint names Alembic can rely on."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _json_text(value: object) -> str:
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


# JSON columns read and written by orjson, several times faster than the json module: a
# programme page reads thousands of them (each title's and room's translations).
ENGINE_OPTIONS: dict[str, object] = {
    "json_serializer": _json_text,
    "json_deserializer": orjson.loads,
}
db = SQLAlchemy(model_class=Base, engine_options=ENGINE_OPTIONS)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
babel = Babel()
limiter = Limiter(get_remote_address)
# The `flask forum …` command group; each area adds its commands in its init_app.
forum_cli = AppGroup("forum", help="Forum administration commands.")


def init_app(app: Flask) -> None:
    """Bind the extensions that need no further setup to ``app``."""
    from forum.db import (
        bound_postgres_lock_waits,
        render_migration_type,
        serialize_sqlite_transactions,
    )

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(Path(app.root_path).parent / "migrations"),
        render_item=render_migration_type,
        compare_type=True,
    )
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    # Flask-Limiter logs to a logger of its own that only has a NullHandler: its "storage
    # unreachable, counting in memory" must reach the operators' log as our warnings do.
    if default_handler not in limiter.logger.handlers:
        limiter.logger.addHandler(default_handler)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            serialize_sqlite_transactions(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        elif db.engine.dialect.name == "postgresql":
            bound_postgres_lock_waits(db.engine)
