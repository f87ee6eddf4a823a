"""What the embedded stores write to disk is its owner's alone: it holds passport data."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import text

from storage.database import make_engine, make_sessionmaker
from storage.objects import LocalObjectStore


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_and_its_journal_files_are_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the usual umask, under which files come out 0644
    try:
        database = tmp_path / "intake.db"
        engine = make_engine(f"sqlite:///{database}")
        with make_sessionmaker(engine)() as session, session.begin():
            session.execute(text("SELECT 1"))
            # While a connection is open SQLite keeps its write-ahead log and shared memory.
            modes = {p.name: _mode(p) for p in tmp_path.iterdir()}
        engine.dispose()
    finally:
        os.umask(previous)
    assert modes == {"intake.db": 0o600, "intake.db-shm": 0o600, "intake.db-wal": 0o600}


def test_an_existing_world_readable_database_is_closed_off(tmp_path: Path) -> None:
    database = tmp_path / "intake.db"
    make_engine(f"sqlite:///{database}").dispose()
    database.chmod(0o644)
    make_engine(f"sqlite:///{database}").dispose()
    assert _mode(database) == 0o600


def test_objects_are_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        store = LocalObjectStore(tmp_path / "objects")
        store.put("submissions/s1/uploads/000-u1/original", b"%PDF-1.7 a passport", "x/y")
    finally:
        os.umask(previous)
    stored = tmp_path / "objects/submissions/s1/uploads/000-u1/original"
    assert stored.read_bytes() == b"%PDF-1.7 a passport"
    assert _mode(stored) == 0o600
    assert _mode(tmp_path / "objects") == 0o700
