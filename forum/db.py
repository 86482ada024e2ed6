"""Database helpers shared by every area: UTC timestamps, enums, row locks."""

from __future__ import annotations

import enum
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from forum.extensions import ENGINE_OPTIONS, db


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC that always comes back timezone-aware.

    SQLite has no time zones, so naive values read back are declared UTC here.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_column(enum_cls: type[enum.Enum], length: int = 20) -> sa.Enum:
    """A portable enum column storing the member values as plain strings."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


LIKE_ESCAPE = "\\"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, its wildcards taken literally (escape ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def lock_row(model: Any, row_id: int) -> Any:
    """Load one row for update, so concurrent transactions on it run one after another.

    PostgreSQL takes a row lock; on SQLite every transaction already holds the
    write lock from its first statement (see ``serialize_sqlite_transactions``).
    """
    # FOR NO KEY UPDATE: the lock every other lock_row waits for, but not the one a new
    # row's foreign key takes on it: a decision holding its edition must not stall the
    # doors, whose scans reference it. populate_existing: the row as it is now, not as
    # this session last saw it, so the caller checks the state inside the lock.
    return db.session.execute(
        sa.select(model)
        .where(model.id == row_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).scalar_one()


def open_transaction() -> bool:
    """Whether this request's session has a transaction open, without making a session for
    a request that had none (most door scans)."""
    return db.session.registry.has() and db.session().in_transaction()


_hot_engines: dict[int, tuple[int, sa.Engine]] = {}
_hot_engines_lock = threading.Lock()


def hot_autocommit_engine() -> sa.Engine:
    """PostgreSQL connections for hot single statements (the door scans): in autocommit, so a
    statement is one round trip, and waiting at most HOT_WRITE_LOCK_WAIT_MS for any lock. A
    pool of their own beside the app's, made in each process on first use (after the fork)."""
    app_engine = db.engine
    with _hot_engines_lock:
        made = _hot_engines.get(id(app_engine))
        if made is None or made[0] != os.getpid():
            made = (os.getpid(), _new_hot_engine(app_engine))
            _hot_engines[id(app_engine)] = made
        return made[1]


def _new_hot_engine(app_engine: sa.Engine) -> sa.Engine:
    options = ENGINE_OPTIONS | dict(current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    given = options.pop("connect_args", None)
    connect_args: dict[str, Any] = dict(given) if isinstance(given, dict) else {}
    wait = int(current_app.config["HOT_WRITE_LOCK_WAIT_MS"])
    # UTC: the scans' answers are written in SQL, timestamps with the session's offset.
    settings = f"-c lock_timeout={wait} -c timezone=UTC"
    connect_args["options"] = f"{connect_args.get('options', '')} {settings}".strip()
    return sa.create_engine(
        app_engine.url,
        isolation_level="AUTOCOMMIT",
        connect_args=connect_args,
        pool_reset_on_return=None,  # in autocommit no transaction is left to roll back
        **options,
    )


def insert_skipping_conflicts(target: Any, **conflict: Any) -> sa.Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` in the session's dialect: a row a unique index
    already holds is skipped in the database, with no savepoint to roll back to."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(target).on_conflict_do_nothing(**conflict)


# How long this request's transaction may wait for a lock, in milliseconds (None: the
# engine's default). Hot writes (scans at the doors, sign-ups) wait briefly and answer
# "busy" rather than stall every worker behind one held row.
LOCK_WAIT_MS: ContextVar[int | None] = ContextVar("lock_wait_ms", default=None)
# Views that only read (the wall every screen polls): their transaction may not write. On
# SQLite it begins DEFERRED, so it reads its snapshot beside a writer instead of queueing
# behind the write lock and the writer's fsync (PostgreSQL readers never wait for writers).
READ_ONLY: ContextVar[bool] = ContextVar("read_only", default=False)


@contextmanager
def reading_only() -> Iterator[None]:
    """Within the block, transactions that begin only read (see READ_ONLY)."""
    token = READ_ONLY.set(True)
    try:
        yield
    finally:
        READ_ONLY.reset(token)


@contextmanager
def short_lock_wait(milliseconds: int) -> Iterator[None]:
    """Within the block, transactions that begin wait at most ``milliseconds`` for a lock."""
    token = LOCK_WAIT_MS.set(milliseconds)
    try:
        yield
    finally:
        LOCK_WAIT_MS.reset(token)


def is_lock_timeout(error: BaseException) -> bool:
    """True for a database error that means "a lock was not free in time"."""
    if not isinstance(error, sa.exc.OperationalError):
        return False
    if getattr(error.orig, "sqlstate", None) == "55P03":  # PostgreSQL lock_not_available
        return True
    return "database is locked" in str(error.orig)


def bound_postgres_lock_waits(engine: sa.Engine) -> None:
    """PostgreSQL: a transaction begun under short_lock_wait gets its lock_timeout, and one
    begun under reading_only is READ ONLY (psycopg says so in its BEGIN: no round trip)."""

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        # True, or None: the server's default (False would write READ WRITE into each BEGIN).
        read_only = True if READ_ONLY.get() else None
        if getattr(dbapi_connection, "read_only", read_only) != read_only:
            dbapi_connection.read_only = read_only  # type: ignore[union-attr]
        wait = LOCK_WAIT_MS.get()
        if wait is not None:
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait)}")


def serialize_sqlite_transactions(engine: sa.Engine, busy_timeout_ms: int) -> None:
    """Make every SQLite transaction BEGIN IMMEDIATE, so writers never interleave.

    pysqlite's own transaction handling starts transactions late and lets two
    readers race into a write; this is SQLAlchemy's documented recipe for taking
    control of it.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()
        record.info["query_only"] = 0  # SQLite's own default: no statement to say so

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # BEGIN IMMEDIATE is where SQLite waits for the write lock: set how long first
        # (only when it changes, so an ordinary request sends no extra statement).
        wait = int(LOCK_WAIT_MS.get() or busy_timeout_ms)
        _set_pragma(connection, "busy_timeout", wait)
        read_only = READ_ONLY.get()
        # query_only: a write slipped into a reading view fails at once, in every test,
        # instead of racing for the lock it did not take.
        _set_pragma(connection, "query_only", int(read_only))
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _set_pragma(connection: sa.Connection, name: str, value: int) -> None:
    """Set a connection's PRAGMA only when it changes (each one is a statement)."""
    if connection.info.get(name) != value:
        connection.exec_driver_sql(f"PRAGMA {name} = {value}")
        connection.info[name] = value


def render_migration_type(type_: str, obj: Any, _autogen_context: Any) -> str | bool:
    """Alembic: write UTCDateTime as a plain timestamp, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
