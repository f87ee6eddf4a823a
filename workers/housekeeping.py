"""The clock beside the work: one loop runs jobs each on its own interval.

The supervisor of `intake worker` gives it Redis' requeue pass, the sweep and
retention; the embedded server gives it retention. A job that fails is logged
and tried again at its next turn: housekeeping never stops a process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from intake.retention import run as run_retention
from intake.service import ServiceContext
from intake.settings import Settings
from storage.audit import SERVICE

log = logging.getLogger(__name__)

Job = tuple[float, Callable[[], None]]


def run_jobs(jobs: list[Job], stop: threading.Event) -> None:
    """Run each job every `interval` seconds until `stop` is set."""
    due = [time.monotonic() + interval for interval, _job in jobs]
    while jobs:
        if stop.wait(max(0.0, min(due) - time.monotonic())):
            return
        for i, (interval, job) in enumerate(jobs):
            if time.monotonic() < due[i]:
                continue
            try:
                job()
            except Exception:
                log.exception("%s failed; trying again in %.0f s", job.__name__, interval)
            due[i] = time.monotonic() + interval


def retention_jobs(context: ServiceContext, settings: Settings) -> list[Job]:
    """Retention every INTAKE_RETENTION_CHECK_SECONDS, when that is not 0."""
    if settings.retention_check_seconds <= 0:
        return []

    def retention() -> None:
        report = run_retention(context.sessions, context.objects, SERVICE, settings.retention_days)
        if report.total:
            log.info(
                "retention purged %d submission(s), %d object(s)", report.total, report.objects
            )

    return [(settings.retention_check_seconds, retention)]


class Housekeeper:
    """`run_jobs` on a daemon thread, for a process whose main thread serves requests."""

    def __init__(self, jobs: list[Job]) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=run_jobs, args=(jobs, self._stop), name="housekeeping", daemon=True
        )

    def start(self) -> Housekeeper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)
