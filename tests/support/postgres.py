"""PostgreSQL for the tests: throwaway databases, and a proxy that cuts connections.

Test modules load this with `pytest_plugins = ["tests.support.postgres"]` and use its
fixtures (importing from it only for type checking, so that pytest is the one
to import it). Every run creates its own database and drops it at the end, so
runs never meet each other's rows, and the shared server itself is never
stopped: a test that needs the database gone cuts its own connections at the
`CuttableProxy` instead.
"""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from intake.build import pipeline_context
from intake.service import ServiceContext
from intake.settings import Settings
from storage.database import make_engine, make_sessionmaker
from storage.objects import LocalObjectStore
from tests.support.harness import RecordingDispatcher
from tests.support.servers import POSTGRES, POSTGRES_ADMIN_URL, require

ServiceFactory = Callable[[RecordingDispatcher, str], ServiceContext]


@contextmanager
def throwaway_database() -> Iterator[str]:
    """The URL of a new, empty database, dropped (connections and all) on exit."""
    require("PostgreSQL", POSTGRES)
    name = f"intake_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield f"postgresql+psycopg://postgres@{POSTGRES[0]}:{POSTGRES[1]}/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One migrated database for the session; tests tell their rows apart by ids."""
    with throwaway_database() as url:
        make_engine(url).dispose()
        yield url


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A database of this test's own with nothing in it, for tests of the schema itself."""
    with throwaway_database() as url:
        yield url


@pytest.fixture
def postgres_service(data_dir: Path) -> Iterator[ServiceFactory]:
    """Builds what `tests.support.harness.service_context` builds, over the PostgreSQL URL given."""
    engines: list[Engine] = []

    def build(dispatcher: RecordingDispatcher, url: str) -> ServiceContext:
        settings = Settings(data_dir=data_dir, database_url=url)
        engines.append(make_engine(settings.resolved_database_url))
        return ServiceContext(
            make_sessionmaker(engines[-1]),
            LocalObjectStore(settings.objects_dir),
            pipeline_context(settings),
            dispatcher,
        )

    yield build
    for engine in engines:
        engine.dispose()


@pytest.fixture
def postgres_proxy() -> Iterator[CuttableProxy]:
    proxy = CuttableProxy()
    yield proxy
    proxy.close()


class CuttableProxy:
    """A TCP relay to PostgreSQL; `cut()` drops every connection and refuses new ones.

    To a client that is what a network failure or a restarting server looks
    like; `restore()` lets connections through again.
    """

    def __init__(self, target: tuple[str, int] = POSTGRES) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address: tuple[str, int] = self._listener.getsockname()
        self._lock = threading.Lock()
        self._up = True
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def route(self, url: str) -> str:
        """`url` with its connections going through this proxy."""
        proxied = make_url(url).set(host=self.address[0], port=self.address[1])
        return proxied.render_as_string(hide_password=False)

    def cut(self) -> None:
        with self._lock:
            self._up = False
            for sock in self._sockets:
                _close(sock)
            self._sockets.clear()

    def restore(self) -> None:
        with self._lock:
            self._up = True

    def close(self) -> None:
        self.cut()
        _close(self._listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if not self._up:
                    _close(client)
                    continue
                upstream = socket.create_connection(self._target)
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_relay, args=(source, sink), daemon=True).start()


def _relay(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        _close(source)
        _close(sink)


def _close(sock: socket.socket) -> None:
    # shutdown() first: it wakes the relay thread blocked in recv() on this socket.
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
