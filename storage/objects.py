"""Object storage behind one small interface: originals, page images, OCR output.

Keys are derived from ids (`submissions/<id>/...`), so writing the same object
twice (a redelivered message) overwrites it with the same bytes instead of
leaving a duplicate behind. Every backend accepts exactly the keys
`validate_key` accepts, so a key that works on a laptop works in production.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

MAX_KEY_BYTES = 1024


class ObjectNotFound(KeyError):
    """No object is stored under the key."""


class ObjectCorrupted(Exception):
    """The bytes stored under a key are not the bytes that were written there."""


class ObjectStoreUnavailable(ConnectionError):
    """The store did not answer in time or at all; a later attempt may succeed.

    Deliberately no `intake.errors.IntakeError`: the service retries anything
    that is not one, which is what infrastructure trouble deserves.
    """


class ObjectStore(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None:
        """Remove the object; one that is already gone is no error (retention runs again)."""
        ...

    def presigned_url(self, key: str, seconds: int) -> str | None:
        """A URL a client can download the object from directly, or None when the
        store has no such thing and the caller must serve the bytes itself."""
        ...

    def ping(self) -> None: ...


def validate_key(key: str) -> list[str]:
    """The key's segments; ValueError unless it is a plain relative path.

    Refusing `a//b` and `a/b/` (not only `..`) keeps one key one object on
    every backend: a directory would fold them together, S3 would not.
    """
    parts = key.split("/")
    if (
        not key
        or len(key.encode("utf-8")) > MAX_KEY_BYTES
        or any(p in ("", ".", "..") for p in parts)
        or any(ord(c) < 32 or c in "\\\x7f" for c in key)
    ):
        raise ValueError(f"invalid object key: {key!r}")
    return parts


class LocalObjectStore:
    """Objects as files under one directory; writes are atomic (temp file + rename).

    They hold passport scans: the directory is the owner's alone (0700) and every
    file is written 0600 (`mkstemp`'s mode), whatever the process's umask.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o700)

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*validate_key(key))

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as exc:
            raise ObjectNotFound(key) from exc

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def presigned_url(self, key: str, seconds: int) -> str | None:
        """None: files under a local directory have no URL of their own."""
        validate_key(key)
        return None

    def ping(self) -> None:
        if not os.access(self.root, os.W_OK):
            raise OSError(f"object directory {self.root} is not writable")
