"""Real processes for the worker tests: `intake serve`, `intake worker`, a private redis-server.

Everything here starts the shipped commands as subprocesses with their own
environment and log file, and observes them from outside: over HTTP, through
the record store's SQLite file, and through /proc. Each test gets brokers of
its own (a Redis database it claims, a RabbitMQ virtual host it creates, or a
redis-server it starts), so no test sees another's messages.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import numpy as np
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from benchmarks import synth
from tests.support.servers import RABBITMQ_URL, REDIS_URL

FINAL_STATUSES = {"accepted", "needs_review", "rejected", "failed"}
START_TIMEOUT = 60.0
REDIS_CLAIM_KEY = "intake-tests:claimed-by"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for(condition: Any, timeout: float, what: str, interval: float = 0.1) -> Any:
    """Poll `condition()` until it returns something truthy; fail naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(interval)


@dataclass
class Started:
    """A command this test started, in a session of its own so that all it spawned can go."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 80) -> str:
        text = self.log.read_text(errors="replace").splitlines()
        return "\n".join([f"--- last lines of {self.name} ---", *text[-lines:]])

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM and wait; everything it left behind is killed if it does not exit in time."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"{self.name} did not stop within {timeout} s\n{self.tail()}"
            ) from None

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def stack_env(data_dir: Path, broker: str, broker_url: str, **settings: str) -> dict[str, str]:
    """The environment of the shipped commands: only the INTAKE_ settings given here."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("INTAKE_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    env.update(
        INTAKE_DATA_DIR=str(data_dir),
        INTAKE_BROKER=broker,
        INTAKE_BROKER_URL=broker_url,
        INTAKE_THRESHOLDS_CHECK_SECONDS="0",
        INTAKE_LOG_LEVEL="INFO",
    )
    env.update({f"INTAKE_{k.upper()}": v for k, v in settings.items()})
    return env


def start(name: str, args: list[str], env: dict[str, str], logs: Path) -> Started:
    log = logs / f"{name}.log"
    with log.open("ab") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "intake.cli", *args],
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Started(name, process, log)


PORTAL_KEY = ("--role", "portal", "--tenant", "stack")


@dataclass(frozen=True)
class Served:
    """A running `intake serve`: where it listens, and a portal key's headers for it."""

    base: str
    headers: dict[str, str]


@contextmanager
def serving(env: dict[str, str], logs: Path) -> Iterator[Served]:
    """`intake serve` on a free port, with a portal key made by `intake keys create` first;
    yields once /readyz says ready."""
    made = subprocess.run(
        [sys.executable, "-m", "intake.cli", "keys", "create", *PORTAL_KEY, "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    headers = {"Authorization": f"Bearer {json.loads(made.stdout)['key']}"}
    port = free_port()
    api = start("serve", ["serve", "--port", str(port)], env, logs)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _ready(api, base), START_TIMEOUT, f"intake serve ready\n{api.tail()}")
        yield Served(base, headers)
    finally:
        api.stop()


def _ready(api: Started, base: str) -> bool:
    if api.process.poll() is not None:
        raise AssertionError(f"intake serve exited with {api.process.returncode}\n{api.tail()}")
    try:
        return httpx.get(f"{base}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class Workers:
    supervisor: Started
    metrics_url: str

    def children(self) -> list[int]:
        return children_of(self.supervisor.process.pid)

    def samples(self) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
        return metric_samples(self.metrics_url)

    def total(self, name: str) -> float:
        return sum(v for (n, _labels), v in self.samples().items() if n == name)


def start_workers(
    env: dict[str, str], logs: Path, *, processes: int, threads: int, extra: tuple[str, ...] = ()
) -> Workers:
    """`intake worker`; returns once all its processes consume (counted on its /metrics)."""
    port = free_port()
    args = [
        "worker",
        "--processes",
        str(processes),
        "--threads",
        str(threads),
        "--metrics-port",
        str(port),
        *extra,
    ]
    workers = Workers(start("worker", args, env, logs), f"http://127.0.0.1:{port}/metrics")

    def booted() -> bool:
        if workers.supervisor.process.poll() is not None:
            raise AssertionError(f"intake worker exited\n{workers.supervisor.tail()}")
        try:
            return workers.total("intake_worker_boots_total") >= processes
        except httpx.HTTPError:
            return False

    try:
        wait_for(booted, START_TIMEOUT, f"worker processes booted\n{workers.supervisor.tail()}")
    except BaseException:
        workers.supervisor.kill()
        raise
    return workers


def metric_samples(url: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = httpx.get(url, timeout=5)
    response.raise_for_status()
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def children_of(pid: int) -> list[int]:
    """Live (not zombie) child processes of `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: fields follow the last ')'.
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found.append(int(entry.name))
    return sorted(found)


def command_name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


# Record store ------------------------------------------------------------------------------


def query(data_dir: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / "intake.db", timeout=30) as connection:
        return connection.execute(sql, params).fetchall()


def pages(data_dir: Path, submission_id: str) -> list[tuple[Any, ...]]:
    """(id, upload position, index, status, attempts) of every page row of the submission."""
    return query(
        data_dir,
        'SELECT id, upload_position, "index", status, attempts FROM pages '
        'WHERE submission_id = ? ORDER BY upload_position, "index"',
        submission_id,
    )


# The batch ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    files: list[tuple[str, bytes, str]]
    pages: int
    ocr_pages: int

    @property
    def gate_verdicts(self) -> dict[str, int]:
        """How many pages the quality gate passes (the contracts) and rejects (the rest).

        A rejected page rejects its file and so the submission: a batch ends `rejected`.
        """
        return {"pass": self.ocr_pages, "reject": self.pages - self.ocr_pages}


def gate_verdicts(body: dict[str, Any]) -> dict[str, int]:
    """The quality verdicts of a submission's pages as the API shows them, counted."""
    return dict(Counter(page["quality"]["verdict"] for page in body["pages"]))


def batch(total_pages: int, ocr_pages: int) -> Batch:
    """`ocr_pages` contract pages (one file each, read by Tesseract), the rest in two TIFFs of
    pages the quality gate rejects before OCR: blank pages, and text scanned at 75 dpi."""
    files = []
    for seed in range(ocr_pages):
        sample = synth.contract(seed=seed, language=("nl", "fr", "en", "de")[seed % 4])
        files.append(
            (f"contract-{seed}.png", synth.to_png(sample.pages[0], sample.dpi), "image/png")
        )
    rest = total_pages - ocr_pages
    blank = np.full((1754, 1240), 255, np.uint8)
    low = synth.rescale(synth.contract(seed=99).pages[0], 0.25)
    files.append(("blank.tif", synth.to_tiff([blank] * (rest // 2), 150), "image/tiff"))
    files.append(("low-res.tif", synth.to_tiff([low] * (rest - rest // 2), 75), "image/tiff"))
    return Batch(files, total_pages, ocr_pages)


def post(api: Served, files: list[tuple[str, bytes, str]]) -> str:
    response = httpx.post(
        f"{api.base}/v1/submissions",
        headers=api.headers,
        timeout=60,
        files=[("files", (name, data, ctype)) for name, data, ctype in files],
    )
    assert response.status_code == 202, response.text
    submission_id: str = response.json()["id"]
    return submission_id


def wait_final(api: Served, submission_id: str, timeout: float, *logs: Started) -> dict[str, Any]:
    def final() -> dict[str, Any] | None:
        body: dict[str, Any] = httpx.get(
            f"{api.base}/v1/submissions/{submission_id}", headers=api.headers, timeout=10
        ).json()
        return body if body["status"] in FINAL_STATUSES else None

    try:
        result: dict[str, Any] = wait_for(final, timeout, "submission final", interval=0.3)
    except AssertionError as exc:
        raise AssertionError("\n".join([str(exc), *(s.tail() for s in logs)])) from None
    return result


# Brokers of one test's own -----------------------------------------------------------------


@contextmanager
def claimed_redis_db() -> Iterator[str]:
    """A database of the shared Redis that no one else uses (claimed with SET NX); flushed
    after the test."""
    token = uuid.uuid4().hex
    for db in range(15, 0, -1):
        client = redis.Redis.from_url(REDIS_URL.format(db=db))
        if client.set(REDIS_CLAIM_KEY, token, nx=True, ex=1800) and client.dbsize() == 1:
            try:
                yield REDIS_URL.format(db=db)
            finally:
                client.flushdb()
                client.close()
            return
        if client.get(REDIS_CLAIM_KEY) == token.encode():
            client.delete(REDIS_CLAIM_KEY)
        client.close()
    pytest.fail("no free Redis database among 1-15")


@contextmanager
def rabbitmq_vhost() -> Iterator[str]:
    """A RabbitMQ virtual host of this test's own (queues and all), deleted after it."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.fail("rabbitmqctl is needed to give each test a virtual host of its own")
    vhost = f"intake-test-{uuid.uuid4().hex[:12]}"
    _rabbitmqctl(ctl, "add_vhost", vhost)
    try:
        _rabbitmqctl(ctl, "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*")
        yield RABBITMQ_URL + quote(vhost, safe="")
    finally:
        _rabbitmqctl(ctl, "delete_vhost", vhost)


def _rabbitmqctl(ctl: str, *args: str) -> None:
    result = subprocess.run(
        [ctl, "-q", *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"rabbitmqctl {' '.join(args)}: {result.stderr}"


@dataclass
class RedisServer:
    """A redis-server of the test's own on a free port, without persistence: a restart loses
    every queued message, as a production Redis without persistence does."""

    directory: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed")
        self.port = self.port or free_port()
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        wait_for(lambda: self._pings(client), 10, "redis-server up")
        client.close()

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @staticmethod
    def _pings(client: redis.Redis) -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
