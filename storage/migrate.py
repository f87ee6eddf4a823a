"""Schema migrations: the Alembic revisions shipped in `storage/migrations`, run at start-up.

The API and the workers start together and each brings the schema to the newest
revision, so the upgrade runs in one transaction under a lock: a PostgreSQL
advisory lock, or SQLite's write lock (the record store's engines begin every
transaction IMMEDIATE). The process that waited finds nothing left to do.
Alembic keeps the running migration in module globals, so within one process
the threads take turns as well.

A database made by `create_all` before there were migrations has the baseline's
tables and no version table: it is stamped at the baseline, then upgraded.

New revisions are written with Alembic's own commands on a `config(connection)`,
e.g. `command.revision(config(connection), message, autogenerate=True)`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, inspect, text

SCRIPT_LOCATION = Path(__file__).with_name("migrations")
BASELINE = "0001"
# Names this service's lock among all advisory locks of the database ("intake" in ASCII).
ADVISORY_LOCK_KEY = 0x696E74616B65
_ONE_THREAD_AT_A_TIME = threading.Lock()


def config(connection: Connection | None = None) -> Config:
    """An Alembic configuration without an ini file; `env.py` runs on `connection`."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision this code knows."""
    revision = ScriptDirectory.from_config(config()).get_current_head()
    assert revision is not None
    return revision


def upgrade_engine(engine: Engine) -> None:
    """Bring the schema behind `engine` to the newest revision, one process at a time."""
    with _ONE_THREAD_AT_A_TIME, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY}
            )
        cfg = config(connection)
        if _made_by_create_all(connection):
            command.stamp(cfg, BASELINE)
        command.upgrade(cfg, "head")


def current(url: str) -> str | None:
    """The revision of the database at `url`, without changing it; None before any."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _made_by_create_all(connection: Connection) -> bool:
    tables = set(inspect(connection).get_table_names())
    return "submissions" in tables and "alembic_version" not in tables
