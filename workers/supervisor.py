"""`intake worker`: N worker processes, restarted when one dies, stopped cleanly on a signal.

A Dramatiq worker process that dies (killed for its memory, a crash in native
code, kill -9) does not come back by itself, so this process starts each one
(`workers.child`), restarts any that exits, and stops them all on SIGTERM or
SIGINT. A process that keeps dying soon after its start is restarted after a
growing delay instead of in a tight loop.

Beside that it keeps two clocks: the Redis reclaim pass (messages of a killed
worker return within the heartbeat timeout plus a quarter of it), and the sweep
(`workers.sweep`) for work a broker lost. It serves /metrics for all of its
processes: each child writes its series to a directory made here, and the
supervisor adds them up, those of dead children included.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

from dramatiq.brokers.redis import RedisBroker
from prometheus_client import start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import mark_process_dead
from prometheus_client.registry import Collector

from intake import metrics
from intake.errors import ConfigError
from intake.settings import Settings
from workers.bootstrap import Runtime, build_sender_runtime
from workers.broker import RedisReclaimer
from workers.housekeeping import Job, retention_jobs, run_jobs
from workers.sweep import Sweeper

log = logging.getLogger(__name__)

POLL_SECONDS = 0.2
#: A child that dies sooner than this after its start is restarted after a growing delay.
QUICK_DEATH_SECONDS = 10.0
MAX_RESTART_DELAY_SECONDS = 30.0
#: Time a child gets beyond its own stop timeout before it is killed.
KILL_MARGIN_SECONDS = 5.0


@dataclass(frozen=True)
class SupervisorOptions:
    processes: int
    threads: int
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None
    sweep_seconds: float = 60.0
    stale_seconds: float = 600.0
    stop_seconds: float = 60.0


@dataclass
class _Slot:
    process: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    quick_deaths: int = 0
    restart_at: float = 0.0


@dataclass
class _Counts:
    restarts: int = 0
    resent: int = 0
    slots: list[_Slot] = field(default_factory=list)

    def alive(self) -> int:
        return sum(1 for s in self.slots if s.process is not None and s.process.poll() is None)


class _SupervisorCollector(Collector):
    """The supervisor's own series, from plain numbers, so they never land among the
    children's files."""

    def __init__(self, counts: _Counts) -> None:
        self.counts = counts

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "intake_worker_processes", "Worker processes running now.", value=self.counts.alive()
        )
        yield CounterMetricFamily(
            "intake_worker_restarts",
            "Worker processes restarted after they exited.",
            value=self.counts.restarts,
        )
        yield CounterMetricFamily(
            "intake_sweep_resent_submissions",
            "Submissions whose work the sweep sent again after they stalled.",
            value=self.counts.resent,
        )


class Supervisor:
    def __init__(self, settings: Settings, options: SupervisorOptions) -> None:
        self.settings = settings
        self.options = options
        self.counts = _Counts(slots=[_Slot() for _ in range(options.processes)])
        self._stop = threading.Event()

    def run(self) -> int:
        """Until SIGTERM or SIGINT; returns the exit code."""
        with ExitStack() as cleanup:
            metrics_dir = cleanup.enter_context(
                tempfile.TemporaryDirectory(prefix="intake-worker-metrics-")
            )
            server = self._serve_metrics(metrics_dir)
            if server is not None:
                cleanup.callback(server.server_close)
                cleanup.callback(server.shutdown)
            runtime = build_sender_runtime(self.settings)
            cleanup.callback(runtime.stop)
            signal.signal(signal.SIGTERM, self._on_stop_signal)
            signal.signal(signal.SIGINT, self._on_stop_signal)
            signal.signal(signal.SIGHUP, self._forward_sighup)
            housekeeping = threading.Thread(
                target=self._housekeep, args=(runtime,), name="housekeeping", daemon=True
            )
            housekeeping.start()
            cleanup.callback(housekeeping.join, KILL_MARGIN_SECONDS)
            cleanup.callback(self._stop_children)
            cleanup.callback(self._stop.set)  # also when the loop below raises
            env = dict(os.environ, **{metrics.MULTIPROCESS_DIR_VARIABLE: metrics_dir})
            log.info(
                "supervising %d worker process(es) of %d thread(s) on %s",
                self.options.processes,
                self.options.threads,
                self.settings.broker,
            )
            while not self._stop.is_set():
                self._tend(env, metrics_dir)
                self._stop.wait(POLL_SECONDS)
        log.info("all worker processes stopped")
        return 0

    def _on_stop_signal(self, signum: int, _frame: Any) -> None:
        log.info("%s: stopping the worker processes", signal.Signals(signum).name)
        self._stop.set()

    def _forward_sighup(self, _signum: int, _frame: Any) -> None:
        for slot in self.counts.slots:
            if slot.process is not None and slot.process.poll() is None:
                slot.process.send_signal(signal.SIGHUP)

    def _serve_metrics(self, metrics_dir: str) -> Any:
        if self.options.metrics_port is None:
            return None
        registry = metrics.multiprocess_registry(metrics_dir)
        registry.register(_SupervisorCollector(self.counts))
        host, port = self.options.metrics_host, self.options.metrics_port
        try:
            server, _thread = start_http_server(port, addr=host, registry=registry)
        except OSError as exc:
            raise ConfigError(f"cannot serve /metrics on {host}:{port}: {exc.strerror}") from exc
        log.info("metrics on http://%s:%d/metrics", self.options.metrics_host, server.server_port)
        return server

    def _tend(self, env: dict[str, str], metrics_dir: str) -> None:
        now = time.monotonic()
        for number, slot in enumerate(self.counts.slots):
            if slot.process is not None:
                code = slot.process.poll()
                if code is None:
                    continue
                self._buried(number, slot, code, now, metrics_dir)
            if now >= slot.restart_at:
                slot.process = self._spawn(env)
                slot.started = now
                log.info("worker process %d started (pid %d)", number, slot.process.pid)

    def _buried(self, number: int, slot: _Slot, code: int, now: float, metrics_dir: str) -> None:
        assert slot.process is not None
        mark_process_dead(slot.process.pid, metrics_dir)
        lived = now - slot.started
        slot.quick_deaths = slot.quick_deaths + 1 if lived < QUICK_DEATH_SECONDS else 0
        delay = (
            min(MAX_RESTART_DELAY_SECONDS, 2.0 ** (slot.quick_deaths - 1))
            if slot.quick_deaths
            else 0.0
        )
        slot.restart_at = now + delay
        self.counts.restarts += 1
        log.warning(
            "worker process %d (pid %d) %s after %.1f s; restarting in %.0f s",
            number,
            slot.process.pid,
            _describe_exit(code),
            lived,
            delay,
        )
        slot.process = None

    def _spawn(self, env: dict[str, str]) -> subprocess.Popen[bytes]:
        command = [
            sys.executable,
            "-m",
            "workers.child",
            "--threads",
            str(self.options.threads),
            "--stop-seconds",
            str(self.options.stop_seconds),
        ]
        return subprocess.Popen(command, env=env)

    def _stop_children(self) -> None:
        running = [
            s.process
            for s in self.counts.slots
            if s.process is not None and s.process.poll() is None
        ]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.options.stop_seconds + KILL_MARGIN_SECONDS
        for process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.error("worker process pid %d did not stop in time; killing it", process.pid)
                process.kill()
                process.wait()

    def _housekeep(self, runtime: Runtime) -> None:
        """The clocks that need the broker and the records, off the loop that restarts
        children, so that a broker or database that hangs delays no restart."""
        jobs: list[Job] = []
        if isinstance(runtime.broker, RedisBroker):
            reclaimer = RedisReclaimer(runtime.broker, runtime.broker.get_declared_queues())
            jobs.append((max(1.0, self.settings.broker_heartbeat_seconds / 4), reclaimer.reclaim))
        if self.options.sweep_seconds > 0:
            sweeper = Sweeper(runtime.context, self.options.stale_seconds)

            def sweep() -> None:
                self.counts.resent += sweeper.sweep()

            jobs.append((self.options.sweep_seconds, sweep))
        jobs += retention_jobs(runtime.context, self.settings)
        run_jobs(jobs, self._stop)


def _describe_exit(code: int) -> str:
    if code < 0:
        try:
            return f"was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"was killed by signal {-code}"
    return f"exited with status {code}"
