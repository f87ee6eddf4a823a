"""Schema migrations: the revisions build the models' schema, adopt old databases, and
survive every process of a deployment migrating at the same moment."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from storage import audit, database, migrate
from storage.database import make_engine, make_sessionmaker
from storage.records import Base, Submission

pytest_plugins = ["tests.support.postgres"]

STARTERS = 3


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend the service runs on."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'intake.db'}"
    else:
        yield request.getfixturevalue("empty_postgres_url")


def differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))
    finally:
        engine.dispose()


def test_migrated_schema_is_the_models_schema(empty_url: str) -> None:
    assert migrate.current(empty_url) is None
    assert database.migrate(empty_url) == migrate.head()
    assert differences(empty_url) == []


def test_database_made_by_create_all_is_adopted(empty_url: str) -> None:
    """Before migrations, `create_all` made the baseline's tables and no version table."""
    old = create_engine(empty_url)
    with old.begin() as connection:
        command.upgrade(migrate.config(connection), migrate.BASELINE)
        connection.execute(text("DROP TABLE alembic_version"))
        connection.execute(
            text(
                "INSERT INTO submissions (id, tenant_id, status, created_at, updated_at) "
                "VALUES ('kept', 't1', 'received', :now, :now)"
            ),
            {"now": datetime.now(UTC)},
        )
    old.dispose()

    engine = make_engine(empty_url)
    try:
        with make_sessionmaker(engine)() as session:
            kept = session.get_one(Submission, "kept")
    finally:
        engine.dispose()
    assert kept.tenant_id == "t1"
    assert migrate.current(empty_url) == migrate.head()
    assert differences(empty_url) == []


def test_timestamps_come_back_as_the_same_instant_in_utc(empty_url: str) -> None:
    brussels_summer = timezone(timedelta(hours=2))
    written = datetime(2024, 7, 1, 12, 30, tzinfo=brussels_summer)
    engine = make_engine(empty_url)
    try:
        with make_sessionmaker(engine)() as session, session.begin():
            session.add(Submission(id="s1", tenant_id="t1", created_at=written))
        with make_sessionmaker(engine)() as session:
            read = session.get_one(Submission, "s1").created_at
    finally:
        engine.dispose()
    assert read == written
    assert read.utcoffset() == timedelta(0)


def upgrade_when_all_are_ready(barrier: Barrier, url: str) -> None:
    barrier.wait(timeout=60)
    database.migrate(url)


def test_processes_starting_together_all_get_the_schema(empty_url: str) -> None:
    # Processes, not threads: the lock that matters is the database's, not one inside Python.
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(STARTERS)
    starters = [
        spawn.Process(target=upgrade_when_all_are_ready, args=(barrier, empty_url))
        for _ in range(STARTERS)
    ]
    for process in starters:
        process.start()
    deadline = time.monotonic() + 90
    for process in starters:
        process.join(timeout=max(0.0, deadline - time.monotonic()))
        if process.exitcode is None:
            process.kill()
    assert [p.exitcode for p in starters] == [0] * STARTERS
    assert migrate.current(empty_url) == migrate.head()
    assert differences(empty_url) == []


def test_the_audit_trail_refuses_update_and_delete_on_each_backend(empty_url: str) -> None:
    engine = make_engine(empty_url)
    try:
        with make_sessionmaker(engine)() as session, session.begin():
            audit.append(session, audit.SERVICE, "retention.run", tenant_id="t")
        for statement in ("UPDATE audit_events SET actor = 'nobody'", "DELETE FROM audit_events"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
        with make_sessionmaker(engine)() as session:
            (event,) = audit.events(session, audit.AuditFilter(tenant_id="t"))
        assert (event.actor, event.action) == ("service", "retention.run")
    finally:
        engine.dispose()
