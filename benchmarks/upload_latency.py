"""Upload latency under load on the embedded defaults, beside a bare upload endpoint.

`intake serve` with its defaults (SQLite, local objects, in-process broker)
takes `--uploads` POSTs of a ~1 MB page scan (JPEG) from `--clients` concurrent
clients on loopback, while it reads the pages it was sent. The peer is the
floor: a Starlette endpoint, served by the same uvicorn, that parses the same
multipart body and answers 202 without doing anything. Both run in the same
session, one after the other, with the same client; the ratio of their p99 is
what the service's own request path costs.

    python -m benchmarks.upload_latency [--clients 20] [--uploads 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from benchmarks import synth
from intake.auth import Role, create_key
from intake.settings import Settings
from storage.audit import SERVICE
from storage.database import make_engine, make_sessionmaker


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


async def _load(
    url: str, headers: dict[str, str], body: bytes, clients: int, uploads: int
) -> list[float]:
    """Seconds per POST, `clients` at a time, the first `clients` left out as warm-up."""
    latencies: list[float] = []
    remaining = uploads + clients
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits, headers=headers) as client:

        async def one_client() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                response = await client.post(
                    url, files=[("files", ("page.jpg", body, "image/jpeg"))]
                )
                elapsed = time.perf_counter() - started
                if response.status_code != 202:
                    raise SystemExit(f"{url}: {response.status_code} {response.text[:200]}")
                latencies.append(elapsed)

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return latencies[clients:]


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
    parser.add_argument("--uploads", type=int, default=300)
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
        env = {**os.environ, "INTAKE_DATA_DIR": str(data_dir), "INTAKE_LOG_LEVEL": "WARNING"}
        for name, module, headers in (
            ("floor", ["uvicorn", "benchmarks.upload_latency:floor_app"], {}),
            ("intake", ["intake.cli", "serve"], {"Authorization": f"Bearer {key}"}),
        ):
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            ready = f"{base}/readyz" if name == "intake" else f"{base}/"
            server = _serve([*module, "--port", str(port)], env, ready)
            try:
                latencies = asyncio.run(
                    _load(f"{base}/v1/submissions", headers, body, args.clients, args.uploads)
                )
            finally:
                server.terminate()
                server.wait(timeout=120)
            results[name] = _summary(latencies)
    intake, floor = results["intake"], results["floor"]
    assert isinstance(intake, dict) and isinstance(floor, dict)
    results["p99_ratio_to_floor"] = round(intake["p99_ms"] / floor["p99_ms"], 2)
    print(f"{args.uploads} uploads of {len(body) / 1e6:.2f} MB, {args.clients} clients on loopback")
    for name in ("floor", "intake"):
        row = results[name]
        assert isinstance(row, dict)
        print(
            f"  {name:7} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
            f"p99 {row['p99_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms  "
            f"mean {row['mean_ms']:7.1f} ms"
        )
    print(f"  p99 intake / floor: {results['p99_ratio_to_floor']}×")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
