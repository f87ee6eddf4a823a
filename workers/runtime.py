"""Everything a serving or working process holds, built once from settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import dramatiq
from sqlalchemy import text
from sqlalchemy.engine import Engine

from intake.policy_source import PolicyWatcher
from intake.runtime import pipeline_context
from intake.service import ServiceContext, resume_unfinished
from intake.settings import Settings
from storage.objects import LocalObjectStore
from storage.records import make_engine, make_sessionmaker
from workers.actors import Actors, QueueDispatcher, declare_actors
from workers.broker import build_broker, start_inprocess_worker

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    context: ServiceContext
    broker: dramatiq.Broker
    actors: Actors
    worker: dramatiq.Worker | None
    watcher: PolicyWatcher | None = None

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
        alive = self.worker is not None and all(t.is_alive() for t in self.worker.workers)
        results["broker"] = "ok" if alive else "unavailable: no worker threads running"
        return results

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        if self.worker is not None:
            self.worker.stop()
        close = getattr(self.context.pipeline.engine, "close", None)
        if close is not None:  # persistent engines hold models; only once no call runs
            close()
        self.broker.close()
        self.engine.dispose()


def build_runtime(settings: Settings) -> Runtime:
    """Stores, pipeline, broker and actors; starts in-process workers for the embedded broker."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    pipeline = pipeline_context(settings)
    broker = build_broker(settings)
    contexts: list[ServiceContext] = []
    actors = declare_actors(
        broker, lambda: contexts[0], max_attempts=settings.max_attempts,
        time_limit_ms=int(settings.ocr_timeout_seconds * 4 * 1000),
    )
    context = ServiceContext(
        sessions=make_sessionmaker(engine),
        objects=LocalObjectStore(settings.objects_dir),
        pipeline=pipeline,
        dispatcher=QueueDispatcher(actors),
        max_attempts=settings.max_attempts,
    )
    contexts.append(context)
    worker = start_inprocess_worker(broker, settings.worker_threads)
    resumed = resume_unfinished(context)
    if resumed:
        log.info("resumed %d unfinished submission(s)", resumed)
    watcher = None
    if settings.thresholds_check_seconds > 0:
        watcher = PolicyWatcher(pipeline.policies, settings.thresholds_check_seconds).start()
    return Runtime(settings, engine, context, broker, actors, worker, watcher)
