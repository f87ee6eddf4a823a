"""The composition root: everything a serving or working process holds, built once from settings.

Three shapes: `intake serve` (a sender; with the in-process broker also the
worker threads), one `intake worker` process (a Dramatiq worker on the
networked broker), and the supervisor of those processes (a sender for its
sweep).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import dramatiq
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import Engine

from intake.api import create_app
from intake.build import make_object_store, pipeline_context
from intake.policy_source import PolicyWatcher
from intake.service import ServiceContext, resume_unfinished
from intake.settings import Settings
from storage.database import make_engine, make_sessionmaker
from workers.actors import Actors, QueueDispatcher, declare_actors
from workers.broker import build_broker, ping_broker, start_inprocess_worker
from workers.housekeeping import Housekeeper, retention_jobs

log = logging.getLogger(__name__)

#: How long an idle worker process waits between polls of the broker.
WORKER_POLL_MS = 1000
DEFAULT_STOP_MS = 600_000


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    context: ServiceContext
    broker: dramatiq.Broker
    actors: Actors
    worker: dramatiq.Worker | None
    watcher: PolicyWatcher | None = None
    housekeeper: Housekeeper | None = None

    def check(self) -> dict[str, str]:
        """Readiness of each dependency: 'ok' or what is wrong."""
        results: dict[str, str] = {}
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            results["records"] = "ok"
        except Exception as exc:
            results["records"] = f"unavailable: {type(exc).__name__}"
        try:
            self.context.objects.ping()
            results["objects"] = "ok"
        except Exception as exc:
            results["objects"] = f"unavailable: {exc}"
        results["broker"] = self._broker_state()
        return results

    def _broker_state(self) -> str:
        if self.settings.broker == "inprocess":
            alive = self.worker is not None and all(t.is_alive() for t in self.worker.workers)
            return "ok" if alive else "unavailable: no worker threads running"
        try:
            ping_broker(self.broker)
        except Exception as exc:
            return f"unavailable: {type(exc).__name__}: {exc}"
        return "ok"

    def stop(self, worker_timeout_ms: int = DEFAULT_STOP_MS) -> None:
        """Let running messages finish (up to the timeout), hand back prefetched ones, close."""
        if self.watcher is not None:
            self.watcher.stop()
        if self.housekeeper is not None:
            self.housekeeper.stop()
        if self.worker is not None:
            self.worker.stop(timeout=worker_timeout_ms)
        close = getattr(self.context.pipeline.engine, "close", None)
        if close is not None:  # persistent engines hold models; only once no call runs
            close()
        self.broker.close()
        self.engine.dispose()


def make_app(settings: Settings) -> FastAPI:
    """The HTTP API of `intake serve`, holding the runtime `build_runtime` makes."""
    return create_app(settings, build_runtime)


def build_runtime(settings: Settings) -> Runtime:
    """What `intake serve` holds.

    With the in-process broker it also runs the worker threads and resends
    unfinished work, since its queue died with the last process. With a
    networked broker it only sends: `intake worker` processes do the work and
    their sweep resends what a broker lost.
    """
    runtime = _assemble(settings, watch_thresholds=True)
    if settings.broker == "inprocess":
        runtime.worker = start_inprocess_worker(runtime.broker, settings.worker_threads)
        # No `intake worker` runs beside the embedded broker to keep the clock's jobs.
        runtime.housekeeper = Housekeeper(retention_jobs(runtime.context, settings)).start()
        resumed = resume_unfinished(runtime.context)
        if resumed:
            log.info("resumed %d unfinished submission(s)", resumed)
    return runtime


def build_worker_runtime(settings: Settings, threads: int) -> Runtime:
    """One worker process: a Dramatiq worker with `threads` threads on the networked broker."""
    runtime = _assemble(settings, watch_thresholds=True)
    runtime.worker = dramatiq.Worker(
        runtime.broker, worker_threads=threads, worker_timeout=WORKER_POLL_MS
    )
    runtime.worker.start()
    return runtime


def build_sender_runtime(settings: Settings) -> Runtime:
    """Stores and broker without workers, for a process that only sends messages."""
    return _assemble(settings, watch_thresholds=False)


def _assemble(settings: Settings, *, watch_thresholds: bool) -> Runtime:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    pipeline = pipeline_context(settings)
    broker = build_broker(settings)
    contexts: list[ServiceContext] = []
    actors = declare_actors(
        broker,
        lambda: contexts[0],
        max_attempts=settings.max_attempts,
        time_limit_ms=int(settings.ocr_timeout_seconds * 4 * 1000),
    )
    context = ServiceContext(
        sessions=make_sessionmaker(engine),
        objects=make_object_store(settings),
        pipeline=pipeline,
        dispatcher=QueueDispatcher(actors),
        max_attempts=settings.max_attempts,
    )
    contexts.append(context)
    watcher = None
    if watch_thresholds and settings.thresholds_check_seconds > 0:
        watcher = PolicyWatcher(pipeline.policies, settings.thresholds_check_seconds).start()
    return Runtime(settings, engine, context, broker, actors, None, watcher)
