"""Upload latency under load on the embedded defaults, beside a bare upload endpoint.

`intake serve` with its defaults (SQLite, local objects, in-process broker)
takes `--uploads` POSTs of a ~1 MB page scan (JPEG) from `--clients` concurrent
clients on loopback, while it reads the pages it was sent. Two peers, served by
the same uvicorn with the same multipart settings: the floor, a Starlette
endpoint that parses the same body and answers 202 without doing anything; and
the durable floor, which also does the least a service that loses no upload
must do before it answers: writes each file to disk with fsync (the project's
own LocalObjectStore) and records it in a SQLite table. All run in the same
session, one after the other, with the same client; the ratios of their p99
are what the service's own request path costs.

    python -m benchmarks.upload_latency [--clients 20] [--uploads 1000]

Needs `ab` (Debian's apache2-utils, installed by `make bench`).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx
import numpy as np
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from benchmarks import synth
from intake.api import UPLOAD_SPOOL_BYTES
from intake.auth import Role, create_key
from intake.settings import Settings
from storage.audit import SERVICE
from storage.database import make_engine, make_sessionmaker
from storage.objects import LocalObjectStore

# The peers parse multipart bodies as `intake serve` does.
MultiPartParser.spool_max_size = UPLOAD_SPOOL_BYTES
FLOOR_DIR = "UPLOAD_LATENCY_FLOOR_DIR"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _floor(request: Request) -> JSONResponse:
    form = await request.form()
    for upload in form.getlist("files"):
        await upload.read()  # type: ignore[union-attr]
    return JSONResponse({"status": "received"}, status_code=202)


floor_app = Starlette(routes=[Route("/v1/submissions", _floor, methods=["POST"])])


class _DurableStore:
    """Each upload written and fsync'd, then recorded in SQLite (WAL), one writer at a time."""

    def __init__(self, root: Path) -> None:
        self.objects = LocalObjectStore(root / "objects")
        self.db = sqlite3.connect(root / "floor.db", check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS uploads (id TEXT PRIMARY KEY, size INTEGER)")
        self.lock = threading.Lock()

    def keep(self, data: bytes) -> str:
        upload_id = uuid.uuid4().hex
        self.objects.put(f"uploads/{upload_id}", data, "application/octet-stream")
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT INTO uploads VALUES (?, ?)", (upload_id, len(data)))
            self.db.execute("COMMIT")
        return upload_id


_durable: list[_DurableStore] = []


async def _durable_floor(request: Request) -> JSONResponse:
    if not _durable:
        _durable.append(_DurableStore(Path(os.environ[FLOOR_DIR])))
    form = await request.form()
    kept = []
    for upload in form.getlist("files"):
        data = await upload.read()  # type: ignore[union-attr]
        kept.append(await run_in_threadpool(_durable[0].keep, data))
    return JSONResponse({"status": "received", "uploads": kept}, status_code=202)


durable_floor_app = Starlette(routes=[Route("/v1/submissions", _durable_floor, methods=["POST"])])


def scan_of_about_one_mb() -> bytes:
    """A generated contract page at 300 dpi with a scanner's noise, as a JPEG of about 1 MB:
    a real page the server then reads."""
    page = synth.contract(seed=41, language="nl", pages=1).pages[0]
    noise = np.random.default_rng(41).normal(0, 3, page.shape)
    return synth.to_jpeg(np.clip(page + noise, 0, 255).astype(np.uint8), 300, quality=85)


def _serve(args: list[str], env: dict[str, str], ready: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [sys.executable, "-m", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(ready, timeout=2).status_code < 500:
                return process
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"{args} did not start")
        time.sleep(0.2)


BOUNDARY = "upload-latency-boundary"


def _load(
    url: str, headers: dict[str, str], body: bytes, clients: int, uploads: int
) -> list[float]:
    """Seconds per POST, `clients` at a time, after a warm-up of `clients` POSTs.

    The load comes from ApacheBench, a C client: a Python client on the same two
    cores measured itself as much as the server (the bare floor's p99 read
    500-690 ms with one, 34-65 ms with ab).
    """
    with tempfile.TemporaryDirectory() as tmp:
        posted, times = Path(tmp) / "body", Path(tmp) / "times.tsv"
        posted.write_bytes(
            (
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="page.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'
            ).encode()
            + body
            + f"\r\n--{BOUNDARY}--\r\n".encode()
        )
        ab = ["ab", "-q", "-c", str(clients), "-p", str(posted)]
        ab += ["-T", f"multipart/form-data; boundary={BOUNDARY}"]
        for name, value in headers.items():
            ab += ["-H", f"{name}: {value}"]
        for n, extra in ((clients, []), (uploads, ["-g", str(times)])):
            run = subprocess.run([*ab, "-n", str(n), *extra, url], capture_output=True, text=True)
            if (
                run.returncode != 0
                or "Non-2xx" in run.stdout
                or "Failed requests:        0" not in run.stdout
            ):
                raise SystemExit(f"{url}: ab failed:\n{run.stdout[-800:]}{run.stderr[-400:]}")
        rows = times.read_text().splitlines()[1:]
    # gnuplot columns: starttime, seconds, ctime, dtime, ttime (ms), wait
    return [int(row.split("\t")[4]) / 1000 for row in rows]


def _summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    return {
        "n": len(ordered),
        "p50_ms": round(at(0.50), 1),
        "p95_ms": round(at(0.95), 1),
        "p99_ms": round(at(0.99), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--uploads", type=int, default=1000)
    args = parser.parse_args()
    body = scan_of_about_one_mb()
    results: dict[str, object] = {
        "clients": args.clients,
        "uploads": args.uploads,
        "body_bytes": len(body),
    }
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        settings = Settings(data_dir=data_dir)
        data_dir.mkdir()
        engine = make_engine(settings.resolved_database_url)
        with make_sessionmaker(engine)() as session, session.begin():
            key = create_key(session, SERVICE, Role.PORTAL, ["bench"]).secret
        engine.dispose()
        env = {
            **os.environ,
            "INTAKE_DATA_DIR": str(data_dir),
            "INTAKE_LOG_LEVEL": "WARNING",
            FLOOR_DIR: tmp,
        }
        for name, module, headers in (
            ("floor", ["uvicorn", "benchmarks.upload_latency:floor_app"], {}),
            ("durable", ["uvicorn", "benchmarks.upload_latency:durable_floor_app"], {}),
            ("intake", ["intake.cli", "serve"], {"Authorization": f"Bearer {key}"}),
        ):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            ready = f"{base}/readyz" if name == "intake" else f"{base}/"
            server = _serve([*module, "--port", str(port)], env, ready)
            try:
                latencies = _load(
                    f"{base}/v1/submissions", headers, body, args.clients, args.uploads
                )
            finally:
                server.terminate()
                server.wait(timeout=120)
            results[name] = _summary(latencies)
    intake, floor, durable = results["intake"], results["floor"], results["durable"]
    assert isinstance(intake, dict) and isinstance(floor, dict) and isinstance(durable, dict)
    results["p99_ratio_to_floor"] = round(intake["p99_ms"] / floor["p99_ms"], 2)
    results["p99_ratio_to_durable_floor"] = round(intake["p99_ms"] / durable["p99_ms"], 2)
    print(f"{args.uploads} uploads of {len(body) / 1e6:.2f} MB, {args.clients} clients on loopback")
    for name in ("floor", "durable", "intake"):
        row = results[name]
        assert isinstance(row, dict)
        print(
            f"  {name:7} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
            f"p99 {row['p99_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms  "
            f"mean {row['mean_ms']:7.1f} ms"
        )
    print(
        f"  p99 intake / floor: {results['p99_ratio_to_floor']}×, "
        f"/ durable floor: {results['p99_ratio_to_durable_floor']}×"
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
