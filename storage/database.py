"""Engines and sessions on the record store, with the schema brought up to date first.

The models (`storage.records`) and the migrations (`storage.migrate`) know
nothing of each other's callers; this module puts them together, so every
process that opens the store opens it migrated.
"""

from __future__ import annotations

import os
import threading
from typing import Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from storage.migrate import upgrade_engine

SQLITE_TIMEOUT_SECONDS = 30.0


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
        connect_args=(
            {"check_same_thread": False, "timeout": SQLITE_TIMEOUT_SECONDS} if is_sqlite else {}
        ),
        pool_pre_ping=not is_sqlite,
    )
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        _TakeTurns().attach(engine)
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


class _TakeTurns:
    """Transactions of one engine on a SQLite database take turns on a lock.

    Every transaction begins IMMEDIATE, taking SQLite's write lock at once:
    worker threads read-then-write ("is this page still pending?", "is the
    submission final yet?"), and the check and the write must see the same
    state. SQLite makes a waiter sleep in growing steps (up to 100 ms each)
    however soon its lock is free, so twenty uploads at once waited hundreds of
    milliseconds for a lock held for one. The threads of this process queue on
    a Python lock instead, taken before BEGIN and given back once COMMIT or
    ROLLBACK has run (or the pool has reset a connection returned mid-way), so
    the next thread finds SQLite's lock free. Other processes still meet
    SQLite's own wait (the busy timeout).
    """

    def __init__(self, timeout: float = SQLITE_TIMEOUT_SECONDS) -> None:
        self._lock = threading.Lock()
        self._timeout = timeout
        self._holder: int | None = None  # id() of the DBAPI connection whose turn it is

    def attach(self, engine: Engine) -> None:
        event.listen(engine, "begin", self._begin)
        event.listen(engine, "reset", lambda dbapi, _record, _state: self._give_back(dbapi))
        dialect: Any = engine.dialect
        commit, rollback = dialect.do_commit, dialect.do_rollback

        def do_commit(connection: Any) -> None:
            try:
                commit(connection)
            finally:
                self._give_back(connection)

        def do_rollback(connection: Any) -> None:
            try:
                rollback(connection)
            finally:
                self._give_back(connection)

        dialect.do_commit, dialect.do_rollback = do_commit, do_rollback

    def _begin(self, connection: Any) -> None:
        if not self._lock.acquire(timeout=self._timeout):
            raise TimeoutError(f"no turn on the SQLite database within {self._timeout:g} s")
        self._holder = _dbapi_id(connection.connection)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self._give_back(connection.connection)  # at most once: see _give_back
            raise

    def _give_back(self, connection: Any) -> None:
        """Release the turn if `connection` holds it; any other call changes nothing."""
        if self._holder is not None and self._holder == _dbapi_id(connection):
            self._holder = None
            self._lock.release()


def _dbapi_id(connection: Any) -> int:
    """The same number for a pooled connection and the DBAPI connection inside it."""
    return id(getattr(connection, "dbapi_connection", connection))


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
