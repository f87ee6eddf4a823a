"""Logs name records by an id prefix: a log line is never the key to a passport."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from intake.logs import ShortIds, shorten_ids
from intake.settings import Settings
from tests.support import keys

SUBMISSION = "3f6c0a9e5b1d4c7e8f2a6b9c0d1e2f3a"


def test_ids_are_cut_to_their_first_eight_characters() -> None:
    assert shorten_ids(f"GET /v1/submissions/{SUBMISSION} 200") == (
        "GET /v1/submissions/3f6c0a9e… 200"
    )
    sha256 = "ab" * 32  # a file's checksum is no id
    assert shorten_ids(f"sha256 {sha256}") == f"sha256 {sha256}"


def test_the_filter_rewrites_message_and_arguments() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/v1/submissions/{SUBMISSION}", "1.1", 200),
        None,
    )
    assert ShortIds().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /v1/submissions/3f6c0a9e… HTTP/1.1" 200'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_the_running_server_logs_no_full_submission_id(data_dir: Path, passport_png: bytes) -> None:
    port = _free_port()
    key = keys.make_key(Settings(data_dir=data_dir), "portal", "t1")
    server = subprocess.Popen(
        [sys.executable, "-m", "intake.cli", "serve", "--port", str(port)],
        env={**os.environ, "INTAKE_DATA_DIR": str(data_dir), "INTAKE_LOG_LEVEL": "DEBUG"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # uvicorn writes access lines to stdout, the rest to stderr
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        posted = httpx.post(
            f"{base}/v1/submissions",
            files=[("files", ("p.png", passport_png, "image/png"))],
            headers=keys.bearer(key),
            timeout=30,
        ).json()
        assert httpx.get(posted["status_url"], headers=keys.bearer(key), timeout=10).is_success
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=60)
    submission = posted["id"]
    (line,) = [x for x in log.splitlines() if "GET /v1/submissions/" in x]
    assert f"GET /v1/submissions/{submission[:8]}… HTTP/1.1" in line, repr(line)
    assert submission not in log
    assert key.split("_", 2)[2] not in log
