"""Crash safety of `intake worker`: a worker process killed mid-page, a broker that forgets.

Each test counts what came out: page rows, their status and attempts (the
attempt counter goes up once each time a page is started), documents, and the
pages counted on /metrics, which `intake worker` adds up over all its
processes, the killed one included.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import redis

from benchmarks import synth
from intake import service
from intake.service import IncomingFile, SubmissionMeta
from storage.audit import SERVICE
from storage.records import Submission
from tests.support.harness import RecordingDispatcher, service_context
from tests.support.worker_stack import (
    RedisServer,
    Workers,
    batch,
    children_of,
    command_name,
    gate_verdicts,
    pages,
    post,
    query,
    serving,
    stack_env,
    start_workers,
    wait_final,
    wait_for,
)
from workers.sweep import Sweeper

HEARTBEAT_SECONDS = 5
# Redis: heartbeat timeout plus the reclaim pass (a quarter of it) plus the page itself, with
# room for a busy machine; Dramatiq's defaults would take minutes on a quiet queue.
REDELIVERY_BUDGET_SECONDS = 30.0
RESENT = "intake_sweep_resent_submissions_total"


def _reading(workers: Workers, data_dir: Path, submission_id: str) -> Any:
    """(a worker process running Tesseract, the pages started but not finished), or None."""
    for child in workers.children():
        if any(command_name(pid) == "tesseract" for pid in children_of(child)):
            held = {
                page_id
                for page_id, _p, _i, status, attempts in pages(data_dir, submission_id)
                if status == "pending" and attempts >= 1
            }
            return child, held
    return None


def _replaced(workers: Workers, victim: int) -> bool:
    children = workers.children()
    return victim not in children and len(children) == 2


def _done(data_dir: Path, page_ids: set[str]) -> bool:
    rows = query(data_dir, "SELECT id, status FROM pages")
    return all(status == "done" for page_id, status in rows if page_id in page_ids)


@pytest.mark.services
@pytest.mark.tesseract
@pytest.mark.slow
def test_a_worker_killed_mid_page_loses_and_repeats_nothing(
    broker: tuple[str, str], tmp_path: Path
) -> None:
    kind, url = broker
    data_dir = tmp_path / "data"
    env = stack_env(data_dir, kind, url, broker_heartbeat_seconds=str(HEARTBEAT_SECONDS))
    work = batch(total_pages=30, ocr_pages=6)
    with serving(env, tmp_path) as api:
        workers = start_workers(
            env, tmp_path, processes=2, threads=1, extra=("--sweep-seconds", "0")
        )
        try:
            submission_id = post(api, work.files)
            victim, held = wait_for(
                lambda: _reading(workers, data_dir, submission_id),
                60,
                "a worker process running Tesseract",
                interval=0.05,
            )
            os.kill(victim, signal.SIGKILL)
            wait_for(lambda: _replaced(workers, victim), 30, "the killed process replaced")
            wait_for(
                lambda: _done(data_dir, held),
                REDELIVERY_BUDGET_SECONDS,
                f"the page the killed process held done again\n{workers.supervisor.tail()}",
            )
            body = wait_final(api, submission_id, 90, workers.supervisor)
            samples = workers.samples()
        finally:
            code = workers.supervisor.stop()
    assert code == 0, workers.supervisor.tail()
    # The blank and 75 dpi pages fail the quality gate, which rejects the submission.
    assert body["status"] == "rejected"
    assert gate_verdicts(body) == work.gate_verdicts

    rows = pages(data_dir, submission_id)
    assert len(rows) == work.pages
    assert {status for *_rest, status, _attempts in rows} == {"done"}
    # The page the killed process was reading was started once more; every other page once.
    twice = [page_id for page_id, *_rest, attempts in rows if attempts == 2]
    assert len(twice) == 1 and twice[0] in held, rows
    assert sorted(attempts for *_rest, attempts in rows) == [1] * (work.pages - 1) + [2]
    documents = query(
        data_dir,
        "SELECT type, upload_position FROM documents "
        "WHERE submission_id = ? ORDER BY upload_position",
        submission_id,
    )
    assert documents == [("contract", position) for position in range(work.ocr_pages)]

    def total(name: str) -> float:
        return sum(v for (n, _labels), v in samples.items() if n == name)

    assert total("intake_pages_total") == work.pages  # each result recorded once
    assert total("intake_worker_restarts_total") == 1
    assert total("intake_worker_processes") == 2


def _page_counts(data_dir: Path, submission_id: str) -> tuple[int, int]:
    statuses = [status for *_rest, status, _attempts in pages(data_dir, submission_id)]
    return statuses.count("done"), statuses.count("pending")


@pytest.mark.services
@pytest.mark.tesseract
@pytest.mark.slow
def test_a_redis_restart_that_loses_the_queue_is_recovered_by_the_sweep(tmp_path: Path) -> None:
    (tmp_path / "redis").mkdir()
    server = RedisServer(tmp_path / "redis")
    server.start()
    data_dir = tmp_path / "data"
    env = stack_env(data_dir, "redis", server.url, broker_heartbeat_seconds=str(HEARTBEAT_SECONDS))
    work = batch(total_pages=80, ocr_pages=4)
    try:
        with serving(env, tmp_path) as api:
            workers = start_workers(
                env,
                tmp_path,
                processes=2,
                threads=1,
                extra=("--sweep-seconds", "1", "--stale-seconds", "6"),
            )
            try:
                submission_id = post(api, work.files)

                def midway() -> bool:
                    done, pending = _page_counts(data_dir, submission_id)
                    return done >= 8 and pending >= 30

                wait_for(midway, 60, "the batch half done", interval=0.05)
                queued = _queue_length(server.url)
                resent_before = workers.total(RESENT)
                server.restart()
                assert _queue_length(server.url) == 0
                body = wait_final(api, submission_id, 90, workers.supervisor)
                resent_after = workers.total(RESENT)
            finally:
                code = workers.supervisor.stop()
    finally:
        server.stop()
    assert code == 0, workers.supervisor.tail()
    assert queued > 0  # there was something to lose
    # The blank and 75 dpi pages fail the quality gate, which rejects the submission.
    assert body["status"] == "rejected"
    assert gate_verdicts(body) == work.gate_verdicts

    rows = pages(data_dir, submission_id)
    assert len(rows) == work.pages
    assert {status for *_rest, status, _attempts in rows} == {"done"}
    # Pages a process had already fetched when Redis went may be started again by the resend;
    # with 2 processes fetching 2 messages each, at most 4.
    repeated = sum(attempts - 1 for *_rest, attempts in rows)
    assert all(attempts >= 1 for *_rest, attempts in rows)
    assert repeated <= 4, rows
    documents = query(
        data_dir,
        "SELECT type, upload_position FROM documents "
        "WHERE submission_id = ? ORDER BY upload_position",
        submission_id,
    )
    assert documents == [("contract", position) for position in range(work.ocr_pages)]
    assert resent_after > resent_before  # nothing but the sweep could send the lost work again


def _queue_length(url: str) -> int:
    client = redis.Redis.from_url(url)
    try:
        return int(client.llen("dramatiq:intake"))
    finally:
        client.close()


def test_the_sweep_resends_only_what_stalled(data_dir: Path) -> None:
    """Every message the service sends is dropped, as a broker that lost its queue would;
    only the sweep brings the submission to its end."""
    dispatcher = RecordingDispatcher()
    ctx = service_context(data_dir, dispatcher)
    now = [0.0]
    sweeper = Sweeper(ctx, stale_seconds=10, clock=lambda: now[0])
    blank = np.full((1754, 1240), 255, np.uint8)
    submission_id = service.create_submission(
        ctx,
        SubmissionMeta(tenant_id="t"),
        [IncomingFile("blank.tif", synth.to_tiff([blank, blank], 150), "image/tiff")],
        by=SERVICE,
    ).id
    (upload_id,) = dispatcher.take("split_upload")

    def sweep_at(seconds: float) -> int:
        now[0] = seconds
        return sweeper.sweep()

    assert [sweep_at(0), sweep_at(9)] == [0, 0] and dispatcher.sent == []
    assert sweep_at(10) == 1
    assert dispatcher.take("split_upload") == [upload_id]

    service.split_upload(ctx, upload_id)
    page_ids = dispatcher.take("process_page")
    assert len(page_ids) == 2
    # It moved: its clock starts again, and nothing is resent while it is younger than that.
    assert [sweep_at(11), sweep_at(20)] == [0, 0] and dispatcher.sent == []
    assert sweep_at(21) == 1
    assert sorted(dispatcher.take("process_page")) == sorted(page_ids)

    for page_id in page_ids:
        service.process_page(ctx, page_id)
    assert dispatcher.take("finalize_submission") == [submission_id]
    assert [sweep_at(22), sweep_at(31)] == [0, 0] and dispatcher.sent == []
    assert sweep_at(32) == 1
    assert dispatcher.sent == [("finalize_submission", submission_id)]

    service.finalize_submission(ctx, dispatcher.take("finalize_submission")[0])
    with ctx.sessions() as session:
        assert session.get_one(Submission, submission_id).status == "rejected"
    assert sweep_at(100) == 0 and dispatcher.sent == []
