"""Engines and sessions on the record store, with the schema brought up to date first.

The models (`storage.records`) and the migrations (`storage.migrate`) know
nothing of each other's callers; this module puts them together, so every
process that opens the store opens it migrated.
"""

from __future__ import annotations

import os
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from storage.migrate import upgrade_engine


def make_engine(url: str) -> Engine:
    """An engine with the schema migrated to the newest revision.

    SQLite gets WAL and a busy timeout for threads; PostgreSQL connections are
    checked out with a ping, so those a server restart broke are replaced, not used.
    """
    is_sqlite = url.startswith("sqlite")
    if is_sqlite:
        _private_sqlite_file(make_url(url).database)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30} if is_sqlite else {},
        pool_pre_ping=not is_sqlite,
    )
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    upgrade_engine(engine)
    return engine


def _private_sqlite_file(path: str | None) -> None:
    """Create the database file readable by its owner only (it holds personal data).

    SQLite gives its -wal and -shm files the database file's permissions, so
    they follow. An in-memory database has no file.
    """
    if not path or path == ":memory:" or path.startswith("file:"):
        return
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    os.chmod(path, 0o600)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, say when a transaction begins (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    """Take the write lock when a transaction begins, not at its first write.

    Worker threads read-then-write ("is this page still pending?", "is the
    submission final yet?"); the check and the write must see the same state.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_sessionmaker(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


def migrate(url: str) -> str:
    """Migrate the database at `url` (what every start-up does); returns its revision."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
    assert revision is not None
    return revision
