"""Worker scaling: pages per minute with 1 and with 2 `intake worker` processes, side by side.

    python -m benchmarks.worker_scaling [--pages 14] [--threads 1] [--rounds 2] [--redis-url URL]

For each process count the same submission of synthetic contract pages (one
PNG per page, every page read by Tesseract) goes through a fresh data
directory and a fresh `intake worker`, timed from sending the submission to
its final status; the workers have booted before the clock starts. The
broker is a redis-server started here on a free port without persistence,
unless --redis-url names one (whose database is flushed).

Beside it, the reference: the same pages through the page pipeline in a pool
of 1 and of 2 plain processes, without queue, database or object store. Its
ratio is what the machine itself gives a second process (Tesseract runs with
one thread, so on two idle cores close to 2x; less when something else holds a
core), and the workers' ratio is to be read against it. Rounds alternate the
configurations and the best round of each counts, so that a burst of other
load does not land on one side only.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import redis
from prometheus_client.parser import text_string_to_metric_families

from benchmarks import synth
from intake import service
from intake.build import PipelineContext, configure_process, pipeline_context
from intake.pipeline import process_file
from intake.service import IncomingFile, SubmissionMeta
from intake.settings import Settings
from storage import audit
from storage.records import Submission
from storage.states import SubmissionStatus, final_states
from workers.bootstrap import build_sender_runtime

FINAL = final_states(SubmissionStatus)
LANGUAGES = ("nl", "fr", "en", "de")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _redis(url: str | None, directory: Path) -> Iterator[str]:
    if url is not None:
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed; pass --redis-url")
    port = _free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        server.terminate()
        server.wait()


def _files(count: int) -> list[IncomingFile]:
    files = []
    for seed in range(count):
        sample = synth.contract(seed=seed, language=LANGUAGES[seed % len(LANGUAGES)])
        files.append(
            IncomingFile(
                f"contract-{seed}.png", synth.to_png(sample.pages[0], sample.dpi), "image/png"
            )
        )
    return files


@cache
def _pipeline() -> PipelineContext:
    return pipeline_context(Settings(thresholds_check_seconds=0))


def _analyse(data: bytes) -> str:
    context = _pipeline()
    return process_file(data, context.policy, context.engine, limits=context.limits).status


_started: list[Any] = []


def _start_pool_process(everyone_up: Any) -> None:
    configure_process()
    _pipeline()
    _started.append(everyone_up)


def _wait_for_the_others(_job: int) -> None:
    _started[0].wait(timeout=300)


def _pool(processes: int, files: list[IncomingFile]) -> float:
    """Seconds for the page pipeline alone over `files` in `processes` processes."""
    spawn = multiprocessing.get_context("spawn")
    everyone_up = spawn.Barrier(processes)
    with ProcessPoolExecutor(
        processes, mp_context=spawn, initializer=_start_pool_process, initargs=(everyone_up,)
    ) as pool:
        # One job per process, each waiting for all: every process is up before the clock.
        list(pool.map(_wait_for_the_others, range(processes)))
        started = time.perf_counter()
        list(pool.map(_analyse, [f.data for f in files]))
        return time.perf_counter() - started


def _booted(metrics_url: str) -> float:
    try:
        with urllib.request.urlopen(metrics_url, timeout=2) as response:
            text = response.read().decode()
    except OSError:
        return 0.0
    return sum(
        s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "intake_worker_boots_total"
    )


def _run(
    processes: int, threads: int, files: list[IncomingFile], broker_url: str, workdir: Path
) -> tuple[float, str]:
    """Seconds from sending the submission to its final status, and that status."""
    redis.Redis.from_url(broker_url).flushdb()
    data_dir = workdir / f"data-{processes}"
    settings = Settings(
        data_dir=data_dir, broker="redis", broker_url=broker_url, thresholds_check_seconds=0
    )
    runtime = build_sender_runtime(settings)  # creates the schema before the workers start
    env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
    env.update(
        INTAKE_DATA_DIR=str(data_dir),
        INTAKE_BROKER="redis",
        INTAKE_BROKER_URL=broker_url,
        INTAKE_THRESHOLDS_CHECK_SECONDS="0",
        INTAKE_LOG_LEVEL="WARNING",
    )
    port = _free_port()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "intake.cli",
            "worker",
            "--processes",
            str(processes),
            "--threads",
            str(threads),
            "--metrics-port",
            str(port),
            "--sweep-seconds",
            "0",
        ],
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while _booted(f"http://127.0.0.1:{port}/metrics") < processes:
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"intake worker did not start ({worker.poll()})")
            time.sleep(0.1)
        started = time.perf_counter()
        submission_id = service.create_submission(
            runtime.context, SubmissionMeta(tenant_id="benchmark"), files, by=audit.SERVICE
        ).id
        while True:
            with runtime.context.sessions() as session:
                status = session.get_one(Submission, submission_id).status
            if status in FINAL:
                return time.perf_counter() - started, status
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=120)
        runtime.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=14)
    parser.add_argument("--threads", type=int, default=1, help="per worker process")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--redis-url", help="an existing Redis (its database is flushed)")
    args = parser.parse_args()
    configure_process()
    files = _files(args.pages)
    load_before = os.getloadavg()[0]
    workers: dict[int, list[float]] = {1: [], 2: []}
    pools: dict[int, list[float]] = {1: [], 2: []}
    statuses = set()
    with (
        tempfile.TemporaryDirectory(prefix="worker-scaling-") as tmp,
        _redis(args.redis_url, Path(tmp)) as url,
    ):
        for round_number in range(args.rounds):
            for processes in (1, 2):
                pools[processes].append(_pool(processes, files))
                workdir = Path(tmp) / f"round-{round_number}"
                seconds, status = _run(processes, args.threads, files, url, workdir)
                workers[processes].append(seconds)
                statuses.add(status)
    print(
        f"{args.pages} synthetic contract pages (nl/fr/en/de), Tesseract on every page; "
        f"{os.cpu_count()} cores; load average before/after: {load_before:.1f}/"
        f"{os.getloadavg()[0]:.1f}; best of {args.rounds} round(s)"
    )
    print(
        f"  `intake worker` on Redis, {args.threads} thread(s) per process, one file per page "
        f"(submissions: {', '.join(sorted(statuses))})"
    )
    _report(args.pages, workers)
    print("  reference: the page pipeline alone in a pool of plain processes")
    _report(args.pages, pools)


def _report(pages: int, runs: dict[int, list[float]]) -> None:
    best = {processes: min(seconds) for processes, seconds in runs.items()}
    for processes, seconds in best.items():
        rounds = ", ".join(f"{s:.1f}" for s in runs[processes])
        print(
            f"    {processes} process{'es' if processes > 1 else '  '}: {seconds:6.1f} s  "
            f"{pages / seconds * 60:6.1f} pages/min  (rounds: {rounds} s)"
        )
    print(f"    2 processes / 1 process: {best[1] / best[2]:.2f}x pages/min")


if __name__ == "__main__":
    main()
