"""The production configuration end to end: `intake serve` and `intake worker` as separate
processes on Redis, PostgreSQL and an S3 store (moto's server), as docker-compose.yml runs them.

Each backend has its own tests; this one proves that the shipped commands wire them together:
both processes migrate one PostgreSQL database at start-up, the API stores originals in the
bucket, the workers read and write pages there, and the image links point into the bucket.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from minio import Minio

from tests.support.postgres import throwaway_database
from tests.support.s3server import ACCESS_KEY, SECRET_KEY, running_s3_server
from tests.support.servers import REDIS, require
from tests.support.worker_stack import (
    batch,
    claimed_redis_db,
    post,
    serving,
    stack_env,
    start_workers,
    wait_final,
)

pytestmark = [pytest.mark.services, pytest.mark.tesseract, pytest.mark.slow]


def test_serve_and_workers_on_redis_postgres_and_s3(tmp_path: Path) -> None:
    require("Redis", REDIS)
    with (
        claimed_redis_db() as redis_url,
        throwaway_database() as database_url,
        running_s3_server() as s3,
    ):
        env = stack_env(
            tmp_path / "data",
            "redis",
            redis_url,
            database_url=database_url,
            object_store="s3",
            s3_endpoint=s3.endpoint,
            s3_secure="false",
            s3_access_key=ACCESS_KEY,
            s3_secret_key=SECRET_KEY,
            s3_bucket="intake-stack",
        )
        work = batch(total_pages=6, ocr_pages=2)
        with serving(env, tmp_path) as api:
            workers = start_workers(
                env, tmp_path, processes=2, threads=1, extra=("--sweep-seconds", "0")
            )
            try:
                submission_id = post(api, work.files)
                body = wait_final(api, submission_id, 240, workers.supervisor)
                page = next(
                    p for p in body["pages"] if p["status"] == "done" and p["type"] == "contract"
                )
                link = httpx.get(
                    page["images"]["thumbnail"],
                    headers=api.headers,
                    timeout=10,
                    follow_redirects=True,
                )
            finally:
                assert workers.supervisor.stop() == 0, workers.supervisor.tail()
        bucket = Minio(s3.endpoint, ACCESS_KEY, SECRET_KEY, secure=False)
        keys = [
            o.object_name
            for o in bucket.list_objects(
                "intake-stack", prefix=f"submissions/{submission_id}/", recursive=True
            )
        ]
    assert len(body["pages"]) == work.pages
    assert all(p["status"] == "done" for p in body["pages"])
    assert sorted(d["type"] for d in body["documents"]).count("contract") == work.ocr_pages
    assert sum(k.endswith("/original") for k in keys) == len(work.files)
    assert sum(k.endswith("/page.png") for k in keys) == work.pages
    assert sum(k.endswith("/ocr.json") for k in keys) == work.ocr_pages
    assert not (tmp_path / "data" / "objects").exists()  # nothing went to the local directory
    assert link.history and link.history[0].status_code == 307  # a presigned link
    assert link.status_code == 200 and link.content[:2] == b"\xff\xd8"  # a JPEG thumbnail
