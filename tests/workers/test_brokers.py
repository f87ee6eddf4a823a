"""Dramatiq on Redis and on RabbitMQ: the API only sends, `intake worker` processes do the work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pika
import pytest
import redis
from fastapi.testclient import TestClient

from intake.settings import Settings
from tests.support import keys
from tests.support.worker_stack import (
    batch,
    free_port,
    gate_verdicts,
    pages,
    post,
    query,
    serving,
    stack_env,
    start_workers,
    wait_final,
)
from workers.bootstrap import make_app

pytestmark = [pytest.mark.services, pytest.mark.tesseract, pytest.mark.slow]


def test_a_200_page_batch_is_analysed_once_per_page(
    broker: tuple[str, str], tmp_path: Path
) -> None:
    kind, url = broker
    data_dir = tmp_path / "data"
    env = stack_env(data_dir, kind, url)
    work = batch(total_pages=200, ocr_pages=4)
    with serving(env, tmp_path) as api:
        workers = start_workers(
            env, tmp_path, processes=2, threads=2, extra=("--sweep-seconds", "0")
        )
        try:
            submission_id = post(api, work.files)
            body = wait_final(api, submission_id, 110, workers.supervisor)
            samples = workers.samples()
            children = workers.children()
        finally:
            code = workers.supervisor.stop()
    assert code == 0, workers.supervisor.tail()
    assert len(children) == 2
    assert all(not Path(f"/proc/{pid}").exists() for pid in children), "a worker outlived it"

    # The blank and 75 dpi pages fail the quality gate, which rejects the submission.
    assert body["status"] == "rejected"
    assert gate_verdicts(body) == work.gate_verdicts
    assert len(body["pages"]) == work.pages
    rows = pages(data_dir, submission_id)
    assert len(rows) == work.pages
    assert len({(position, index) for _id, position, index, _s, _a in rows}) == work.pages
    assert {status for *_rest, status, _attempts in rows} == {"done"}
    assert [attempts for *_rest, attempts in rows] == [1] * work.pages
    documents = query(
        data_dir,
        "SELECT type, upload_position FROM documents "
        "WHERE submission_id = ? ORDER BY upload_position",
        submission_id,
    )
    assert documents == [("contract", position) for position in range(work.ocr_pages)]

    def total(name: str, **labels: str) -> float:
        return sum(
            v for (n, found), v in samples.items() if n == name and set(labels.items()) <= found
        )

    # /metrics of `intake worker` adds up its processes: each page counted once, in one of them.
    assert total("intake_pages_total") == work.pages
    assert total("intake_pages_total", verdict="pass", doc_type="contract") == work.ocr_pages
    assert total("intake_queue_lag_seconds_count", actor="process_page") == work.pages
    assert total("intake_task_seconds_count", actor="process_page", outcome="ok") == work.pages
    assert total("intake_worker_processes") == 2
    assert total("intake_worker_restarts_total") == 0


def _queued(kind: str, url: str) -> int:
    if kind == "redis":
        client = redis.Redis.from_url(url)
        try:
            return int(client.llen("dramatiq:intake"))
        finally:
            client.close()
    connection = pika.BlockingConnection(pika.URLParameters(url))
    try:
        declared = connection.channel().queue_declare("intake", passive=True)
        return int(declared.method.message_count)
    finally:
        connection.close()


def test_the_api_sends_to_the_broker_and_checks_it_is_there(
    broker: tuple[str, str], data_dir: Path, passport_png: bytes
) -> None:
    kind, url = broker
    settings = Settings(data_dir=data_dir, broker=kind, broker_url=url)  # type: ignore[arg-type]
    with TestClient(make_app(settings), headers=keys.portal(settings)) as api:
        assert api.app.state.runtime.worker is None  # type: ignore[attr-defined]
        ready = api.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["broker"] == "ok"
        posted = api.post(
            "/v1/submissions", files=[("files", ("p.png", passport_png, "image/png"))]
        )
        assert posted.status_code == 202
        assert _queued(kind, url) == 1  # the split message waits for a worker process
        assert api.get(posted.json()["status_url"]).json()["status"] == "received"


def test_readiness_fails_when_the_broker_does_not_answer(data_dir: Path) -> None:
    port = free_port()
    for kind, url in (
        ("redis", f"redis://127.0.0.1:{port}/0"),
        ("rabbitmq", f"amqp://guest:guest@127.0.0.1:{port}/"),
    ):
        settings = Settings(data_dir=data_dir, broker=kind, broker_url=url)  # type: ignore[arg-type]
        with TestClient(make_app(settings)) as api:
            ready = api.get("/readyz")
        assert ready.status_code == 503, kind
        assert ready.json()["checks"]["broker"].startswith("unavailable"), kind


def test_the_worker_command_needs_a_networked_broker(tmp_path: Path) -> None:
    env = stack_env(tmp_path / "data", "inprocess", "")
    del env["INTAKE_BROKER_URL"]
    result = subprocess.run(
        [sys.executable, "-m", "intake.cli", "worker"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "INTAKE_BROKER=inprocess" in result.stderr
    assert "networked broker" in result.stderr
