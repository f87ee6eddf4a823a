"""Objects in an S3 bucket (MinIO, AWS S3, or anything else that speaks the protocol).

minio-py's own client would retry five times with 300 s timeouts; a page image
is fetched on a request path and a worker holds its message while it waits, so
this store brings its own HTTP pool: an unreachable or silent store fails
within the configured timeout, and the client retries once, enough to ride over
a dropped keep-alive connection or a single 5xx. Anything longer is the queue's
business, which retries the whole step.

Integrity is checked both ways: the SHA-256 of the bytes travels as object
metadata and every read compares it, and every write compares the ETag the
store answers with the MD5 of the bytes that were sent.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import urllib3
from minio import Minio
from minio.error import InvalidResponseError, S3Error, ServerError
from minio.helpers import MIN_PART_SIZE, ObjectWriteResult, check_bucket_name
from minio.sse import SseS3

from storage.objects import ObjectCorrupted, ObjectNotFound, ObjectStoreUnavailable, validate_key

_SHA256_METADATA = "sha256"
_SHA256_HEADER = f"x-amz-meta-{_SHA256_METADATA}"
_MD5_ETAG = re.compile(r"[0-9a-f]{32}")
_RETRY_STATUSES = (500, 502, 503, 504)
# Bucket creation lost to a concurrent creator, which is as good as having won it.
_BUCKET_RACE_CODES = frozenset({"BucketAlreadyOwnedByYou", "BucketAlreadyExists"})


class S3ObjectStore:
    """One bucket, created on first use when missing; no network traffic at construction,
    so a process starts (and reports the store as not ready) while the store is down."""

    def __init__(
        self,
        endpoint: str,
        bucket: str,
        *,
        access_key: str,
        secret_key: str,
        secure: bool = True,
        region: str | None = None,
        encrypt: bool = False,
        timeout: float = 10.0,
    ) -> None:
        try:
            check_bucket_name(bucket, strict=True)
        except ValueError as exc:
            raise ValueError(f"bucket name {bucket!r} is invalid: {exc}") from exc
        try:
            self._client = Minio(
                endpoint,
                access_key=access_key,
                secret_key=secret_key,
                secure=secure,
                region=region,
                http_client=_http_pool(timeout),
            )
        except ValueError as exc:
            raise ValueError(f"endpoint {endpoint!r} is invalid: {exc}") from exc
        self.bucket = bucket
        self.address = f"{'https' if secure else 'http'}://{endpoint}/{bucket}"
        self._sse = SseS3() if encrypt else None
        self._bucket_ready = False

    def put(self, key: str, data: bytes, content_type: str) -> None:
        validate_key(key)
        self._ready()
        with self._errors(key):
            # One PUT whatever the size: its ETag is the MD5 of the bytes, a multipart one's not.
            result = self._client.put_object(
                self.bucket,
                key,
                io.BytesIO(data),
                len(data),
                content_type=content_type,
                metadata={_SHA256_METADATA: hashlib.sha256(data).hexdigest()},
                sse=self._sse,
                part_size=max(len(data), MIN_PART_SIZE),
            )
        _check_etag(key, result, hashlib.md5(data, usedforsecurity=False).hexdigest())

    def get(self, key: str) -> bytes:
        validate_key(key)
        self._ready()
        with self._errors(key):
            response = self._client.get_object(self.bucket, key)
            try:
                data = response.read()
                expected = response.headers.get(_SHA256_HEADER)
            finally:
                response.close()
                response.release_conn()
        if expected is None:
            raise ObjectCorrupted(f"object {key!r} carries no sha256 checksum to verify")
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            raise ObjectCorrupted(
                f"object {key!r} failed its checksum: written with sha256 {expected}, "
                f"read back {actual}"
            )
        return data

    def delete(self, key: str) -> None:
        """S3 answers a DELETE of a missing key with success, which is what retention wants."""
        validate_key(key)
        self._ready()
        with self._errors(key):
            self._client.remove_object(self.bucket, key)

    def presigned_url(self, key: str, seconds: int) -> str:
        """A GET link valid for `seconds`; the client reads the bytes straight from the store,
        so the checksum on read is not checked on this path."""
        validate_key(key)
        self._ready()
        with self._errors(key):
            url: str = self._client.presigned_get_object(
                self.bucket, key, expires=timedelta(seconds=seconds)
            )
        return url

    def ping(self) -> None:
        """Asks the store every time (readiness must not trust a cached answer)."""
        self._ensure_bucket()

    def _ready(self) -> None:
        if not self._bucket_ready:
            self._ensure_bucket()

    def _ensure_bucket(self) -> None:
        """No lock: threads and processes that race to create the bucket all succeed."""
        with self._errors(None):
            if not self._client.bucket_exists(self.bucket):
                try:
                    self._client.make_bucket(self.bucket)
                except S3Error as exc:
                    if exc.code not in _BUCKET_RACE_CODES:
                        raise
            self._bucket_ready = True

    @contextmanager
    def _errors(self, key: str | None) -> Iterator[None]:
        """Store trouble as ObjectStoreUnavailable, a missing key as ObjectNotFound."""
        try:
            yield
        except S3Error as exc:
            if exc.code == "NoSuchBucket":
                self._bucket_ready = False
            if key is not None and exc.code == "NoSuchKey":
                raise ObjectNotFound(key) from exc
            raise
        except (ServerError, InvalidResponseError) as exc:
            raise ObjectStoreUnavailable(
                f"object store {self.address} is unavailable: {exc}"
            ) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            reason = exc.reason if isinstance(exc, urllib3.exceptions.MaxRetryError) else exc
            raise ObjectStoreUnavailable(
                f"object store {self.address} is unreachable: {reason}"
            ) from exc


def _http_pool(timeout: float) -> urllib3.PoolManager:
    """At most two attempts, each waiting half the timeout for a connection or for the next
    bytes, so an unreachable or silent store fails within the timeout.

    A 5xx answer is tried once more and then handed to minio, which turns it into an
    error that names the status.
    """
    retries = urllib3.Retry(
        total=1,
        backoff_factor=0.2,
        status_forcelist=_RETRY_STATUSES,
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=timeout / 2, read=timeout / 2),
        retries=retries,
        maxsize=16,
    )


def _check_etag(key: str, result: ObjectWriteResult, md5: str) -> None:
    """Unencrypted and SSE-S3 objects written in one PUT have the MD5 as ETag; other
    encryption modes do not, and those ETags are left alone."""
    etag = (result.etag or "").lower()
    encryption = result.http_headers.get("x-amz-server-side-encryption")
    if encryption not in (None, "AES256") or not _MD5_ETAG.fullmatch(etag):
        return
    if etag != md5:
        raise ObjectCorrupted(
            f"object {key!r} was stored with other bytes than were sent: ETag {etag}, MD5 {md5}"
        )
