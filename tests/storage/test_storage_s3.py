"""The S3 object store against a real S3 service over HTTP (moto's standalone server).

Nothing of the store is replaced: its own client, pool, timeouts and checksums
run; a raw minio client plays the other party that tampers with objects or
inspects what the server holds.
"""

from __future__ import annotations

import io
import socket
import time
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from minio import Minio

from intake.build import make_object_store, pipeline_context
from intake.errors import ConfigError, IntakeError
from intake.service import (
    IncomingFile,
    ServiceContext,
    SubmissionMeta,
    create_submission,
    finalize_submission,
    process_page,
    split_upload,
)
from intake.settings import Settings
from storage.audit import SERVICE
from storage.database import make_engine, make_sessionmaker
from storage.objects import (
    LocalObjectStore,
    ObjectCorrupted,
    ObjectNotFound,
    ObjectStore,
    ObjectStoreUnavailable,
)
from storage.records import Page, Submission
from storage.s3 import S3ObjectStore
from tests.support import keys, s3server
from tests.support.harness import RecordingDispatcher
from tests.support.s3server import ACCESS_KEY, SECRET_KEY, S3Server, free_port, running_s3_server
from workers.bootstrap import make_app

s3_server = s3server.s3_server  # the session's server, as a fixture of this module

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
INVALID_KEYS = [
    "",
    "/abs",
    "a/../b",
    "..",
    ".",
    "a/./b",
    "a//b",
    "a/b/",
    "a\\b",
    "a\x00b",
    "a\nb",
    "k" * 1025,
]


@pytest.fixture
def bucket() -> str:
    return f"t-{uuid.uuid4().hex[:16]}"


@pytest.fixture
def raw(s3_server: S3Server) -> Minio:
    return Minio(s3_server.endpoint, ACCESS_KEY, SECRET_KEY, secure=False)


@pytest.fixture
def store(s3_server: S3Server, bucket: str) -> S3ObjectStore:
    return _store(s3_server.endpoint, bucket)


@pytest.fixture
def own_server() -> Iterator[S3Server]:
    """A server of the test's own, free to stop without disturbing the others."""
    with running_s3_server() as server:
        yield server


def _store(
    endpoint: str, bucket: str, *, encrypt: bool = False, timeout: float = 10.0
) -> S3ObjectStore:
    return S3ObjectStore(
        endpoint,
        bucket,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        secure=False,
        encrypt=encrypt,
        timeout=timeout,
    )


def test_bytes_come_back_as_written(store: S3ObjectStore) -> None:
    every_byte = bytes(range(256)) * 64
    store.put("submissions/s1/uploads/000-u1/original", every_byte, "application/pdf")
    store.put("submissions/s1/empty", b"", "application/octet-stream")
    assert store.get("submissions/s1/uploads/000-u1/original") == every_byte
    assert store.get("submissions/s1/empty") == b""


def test_bucket_is_created_on_first_use_by_racing_creators(
    s3_server: S3Server, raw: Minio, bucket: str
) -> None:
    stores = [_store(s3_server.endpoint, bucket) for _ in range(4)]
    assert not raw.bucket_exists(bucket)
    with ThreadPoolExecutor(len(stores)) as pool:
        list(pool.map(lambda s: s.put(f"k/{id(s)}", b"x", "text/plain"), stores))
    assert raw.bucket_exists(bucket)
    assert len(list(raw.list_objects(bucket, recursive=True))) == len(stores)


def test_writing_a_key_again_leaves_one_object(
    store: S3ObjectStore, raw: Minio, bucket: str
) -> None:
    key = "submissions/s1/pages/000-0001/page.png"
    store.put(key, PNG_MAGIC + b"page", "image/png")
    first = raw.stat_object(bucket, key)
    store.put(key, PNG_MAGIC + b"page", "image/png")  # a redelivered message
    second = raw.stat_object(bucket, key)
    assert [o.object_name for o in raw.list_objects(bucket, recursive=True)] == [key]
    assert first.etag == second.etag
    assert second.content_type == "image/png"
    assert store.get(key) == PNG_MAGIC + b"page"


def test_delete_removes_the_object_and_again_is_no_error(
    store: S3ObjectStore, raw: Minio, bucket: str, tmp_path: Path
) -> None:
    keep, gone = "submissions/s1/keep", "submissions/s2/uploads/000-u/original"
    local = LocalObjectStore(tmp_path / "objects")
    for each in (store, local):
        each.put(keep, b"k", "text/plain")
        each.put(gone, b"g", "text/plain")
        each.delete(gone)
        each.delete(gone)  # retention that stopped half-way runs again
        with pytest.raises(ObjectNotFound):
            each.get(gone)
        assert each.get(keep) == b"k"
    assert [o.object_name for o in raw.list_objects(bucket, recursive=True)] == [keep]


def test_missing_key_is_object_not_found(store: S3ObjectStore) -> None:
    store.put("present", b"x", "text/plain")
    with pytest.raises(ObjectNotFound) as caught:
        store.get("submissions/s1/absent")
    assert caught.value.args == ("submissions/s1/absent",)


def test_bytes_changed_behind_the_store_fail_the_checksum(
    store: S3ObjectStore, raw: Minio, bucket: str
) -> None:
    key = "submissions/s1/pages/000-0001/ocr.json"
    store.put(key, b'{"text": "original"}', "application/json")
    checksum = raw.stat_object(bucket, key).metadata["x-amz-meta-sha256"]
    forged = b'{"text": "forged!!"}'
    raw.put_object(bucket, key, io.BytesIO(forged), len(forged), metadata={"sha256": checksum})
    with pytest.raises(ObjectCorrupted, match=f"object '{key}' failed its checksum"):
        store.get(key)
    raw.put_object(bucket, key, io.BytesIO(forged), len(forged))
    with pytest.raises(ObjectCorrupted, match=f"object '{key}' carries no sha256"):
        store.get(key)


def test_encryption_at_rest_when_asked(s3_server: S3Server, raw: Minio, bucket: str) -> None:
    _store(s3_server.endpoint, bucket, encrypt=True).put("sealed", b"secret", "text/plain")
    _store(s3_server.endpoint, bucket).put("plain", b"public", "text/plain")
    sealed = raw.stat_object(bucket, "sealed").metadata
    assert sealed.get("x-amz-server-side-encryption") == "AES256"
    assert raw.stat_object(bucket, "plain").metadata.get("x-amz-server-side-encryption") is None
    assert _store(s3_server.endpoint, bucket, encrypt=True).get("sealed") == b"secret"


def test_presigned_url_downloads_the_bytes(store: S3ObjectStore, tmp_path: Path) -> None:
    store.put("submissions/s1/pages/000-0001/thumbnail.jpg", b"\xff\xd8jpeg", "image/jpeg")
    url = store.presigned_url("submissions/s1/pages/000-0001/thumbnail.jpg", 60)
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == b"\xff\xd8jpeg"
        assert response.headers["Content-Type"] == "image/jpeg"
    assert LocalObjectStore(tmp_path).presigned_url("submissions/s1/x", 60) is None


@pytest.mark.parametrize("key", INVALID_KEYS)
def test_invalid_keys_are_refused_by_every_store(
    key: str, store: S3ObjectStore, raw: Minio, bucket: str, tmp_path: Path
) -> None:
    stores: list[ObjectStore] = [store, LocalObjectStore(tmp_path / "objects")]
    for each in stores:
        with pytest.raises(ValueError, match="invalid object key"):
            each.put(key, b"x", "text/plain")
        with pytest.raises(ValueError, match="invalid object key"):
            each.get(key)
        with pytest.raises(ValueError, match="invalid object key"):
            each.presigned_url(key, 60)
    assert not raw.bucket_exists(bucket)  # refused before anything was sent
    assert not any((tmp_path / "objects").iterdir())


def _fails_fast(store: S3ObjectStore, within: float) -> ObjectStoreUnavailable:
    started = time.monotonic()
    with pytest.raises(ObjectStoreUnavailable) as caught:
        store.get("submissions/s1/pages/000-0001/page.png")
    assert time.monotonic() - started < within
    assert not isinstance(caught.value, IntakeError)  # so the service retries it
    assert "is unreachable" in str(caught.value)
    return caught.value


def test_nothing_listening_fails_at_once() -> None:
    port = free_port()
    error = _fails_fast(_store(f"127.0.0.1:{port}", "intake", timeout=5.0), within=1.0)
    assert f"127.0.0.1:{port}/intake" in str(error)


def test_silent_store_fails_within_the_timeout() -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        endpoint = f"127.0.0.1:{silent.getsockname()[1]}"
        _fails_fast(_store(endpoint, "intake", timeout=1.0), within=1.8)


def test_store_down_then_back(own_server: S3Server, bucket: str) -> None:
    store = _store(own_server.endpoint, bucket, timeout=2.0)
    store.put("k", b"before", "text/plain")
    own_server.stop()
    _fails_fast(store, within=2.0)
    with pytest.raises(ObjectStoreUnavailable):
        store.ping()
    own_server.start()  # an empty server: the bucket is made again on the way
    store.ping()
    store.put("k", b"after", "text/plain")
    assert store.get("k") == b"after"


def test_settings_choose_and_check_the_store(
    s3_server: S3Server, bucket: str, tmp_path: Path
) -> None:
    assert isinstance(make_object_store(Settings(data_dir=tmp_path)), LocalObjectStore)
    s3 = {
        "object_store": "s3",
        "s3_endpoint": s3_server.endpoint,
        "s3_secure": False,
        "s3_bucket": bucket,
        "s3_access_key": ACCESS_KEY,
        "s3_secret_key": SECRET_KEY,
    }
    store = make_object_store(Settings(**s3))
    store.put("k", b"v", "text/plain")
    assert store.get("k") == b"v"
    for missing, variable in (
        ("s3_access_key", "INTAKE_S3_ACCESS_KEY"),
        ("s3_secret_key", "INTAKE_S3_SECRET_KEY"),
    ):
        with pytest.raises(ConfigError, match=variable):
            make_object_store(Settings(**{**s3, missing: ""}))
    with pytest.raises(ConfigError, match="INTAKE_S3_ENDPOINT or INTAKE_S3_BUCKET"):
        make_object_store(Settings(**{**s3, "s3_bucket": "No_Such"}))


def _context(
    data_dir: Path, objects: ObjectStore, dispatcher: RecordingDispatcher
) -> ServiceContext:
    settings = Settings(data_dir=data_dir)
    engine = make_engine(settings.resolved_database_url)
    return ServiceContext(
        make_sessionmaker(engine), objects, pipeline_context(settings), dispatcher, max_attempts=3
    )


def _submit_and_split(ctx: ServiceContext, dispatcher: RecordingDispatcher, png: bytes) -> str:
    sid = create_submission(
        ctx, SubmissionMeta("t1"), [IncomingFile("p.png", png, "image/png")], by=SERVICE
    ).id
    for upload_id in dispatcher.take("split_upload"):
        split_upload(ctx, upload_id)
    return sid


@pytest.mark.tesseract
def test_submission_processed_through_the_s3_store(
    data_dir: Path, store: S3ObjectStore, raw: Minio, bucket: str, passport_png: bytes
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = _context(data_dir, store, dispatcher)
    sid = _submit_and_split(ctx, dispatcher, passport_png)
    (page_id,) = dispatcher.take("process_page")
    process_page(ctx, page_id)
    assert dispatcher.take("finalize_submission") == [sid]
    finalize_submission(ctx, sid)
    with ctx.sessions() as session:
        assert session.get_one(Submission, sid).status == "accepted"
        deskewed_key = session.get_one(Page, page_id).deskewed_key
    names = {
        o.object_name.rsplit("/", 1)[-1]
        for o in raw.list_objects(bucket, recursive=True)
        if o.object_name
    }
    assert names == {"original", "page.png", "deskewed.png", "thumbnail.jpg", "ocr.json"}
    assert not (data_dir / "objects").exists()

    settings = Settings(data_dir=data_dir)
    owner, stranger_key = keys.portal(settings, "t1"), keys.portal(settings, "t2")
    with TestClient(make_app(settings)) as client:
        client.app.state.runtime.context.objects = store  # type: ignore[attr-defined]
        url = f"/v1/submissions/{sid}/pages/{page_id}/image"
        answer = client.get(url, headers=owner, follow_redirects=False)
        stranger = client.get(url, headers=stranger_key, follow_redirects=False)
    assert answer.status_code == 307
    with urllib.request.urlopen(answer.headers["location"], timeout=5) as response:
        assert response.read() == store.get(deskewed_key)
    assert stranger.status_code == 404
    assert stranger.json()["code"] == "not_found"


def test_store_down_retries_then_fails_the_page(
    data_dir: Path, own_server: S3Server, passport_png: bytes
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = _context(data_dir, _store(own_server.endpoint, "intake", timeout=2.0), dispatcher)
    sid = _submit_and_split(ctx, dispatcher, passport_png)
    (page_id,) = dispatcher.take("process_page")
    own_server.stop()
    for _ in range(ctx.max_attempts - 1):  # the queue delivers again after each raise
        with pytest.raises(ObjectStoreUnavailable, match="is unreachable"):
            process_page(ctx, page_id)
    process_page(ctx, page_id)  # the last attempt records the failure instead of raising
    assert dispatcher.take("finalize_submission") == [sid]
    finalize_submission(ctx, sid)
    with ctx.sessions() as session:
        page = session.get_one(Page, page_id)
        assert (page.status, page.attempts, page.error_code) == ("failed", 3, "processing_failed")
        assert page.error_message == ("The page could not be processed: ObjectStoreUnavailable")
        assert session.get_one(Submission, sid).status == "failed"
