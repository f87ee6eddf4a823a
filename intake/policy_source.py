"""The thresholds file as a live source: ops edit it, the running service follows.

A running service re-reads the file when it changes on disk (a watcher thread
compares its modification time and size every few seconds) or at once on
SIGHUP, and logs every key that changed with its old and new value. A file
that no longer validates is refused: the service keeps the policy it had, logs
the error naming the key, and reports it through `status()` so ops see it in
the admin API instead of finding out from a surprised caseworker.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from intake.errors import ConfigError
from intake.rules.policy import Policy, describe_changes, load_policy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceStatus:
    """What ops need to know about the thresholds in force."""

    path: str
    loaded_at: datetime
    reloads: int
    last_error: str | None


class PolicySource:
    """Holds the policy in force and replaces it, whole, when the file changes.

    Readers get a complete Policy object; a reload swaps the reference under a
    lock, so a page is never judged by half an old and half a new file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._policy = load_policy(path)
        self._signature = _signature(path)
        self._loaded_at = datetime.now(UTC)
        self._reloads = 0
        self._last_error: str | None = None

    def current(self) -> Policy:
        return self._policy

    def status(self) -> SourceStatus:
        with self._lock:
            return SourceStatus(str(self.path), self._loaded_at, self._reloads, self._last_error)

    def refresh(self) -> list[str]:
        """Reload if the file changed since it was last read; the values that changed."""
        if _signature(self.path) == self._signature:
            return []
        return self.reload()

    def reload(self) -> list[str]:
        """Read the file now; the values that changed, as `describe_changes` words them.

        Keeps the old policy, and returns nothing, when the new file is invalid.
        """
        with self._lock:
            signature = _signature(self.path)
            try:
                policy = load_policy(self.path)
            except ConfigError as exc:
                self._signature = signature  # an invalid file is reported once, not every poll
                self._last_error = exc.message
                log.error("thresholds not reloaded, keeping the previous ones: %s", exc.message)
                return []
            changes = describe_changes(self._policy, policy)
            self._policy, self._signature = policy, signature
            self._loaded_at = datetime.now(UTC)
            self._reloads += 1
            self._last_error = None
        if changes:
            log.warning("thresholds reloaded from %s: %s", self.path, "; ".join(changes))
        else:
            log.info("thresholds file %s re-read: no value changed", self.path)
        return changes


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class PolicyWatcher:
    """A daemon thread that calls `refresh` every `interval` seconds until stopped."""

    def __init__(self, source: PolicySource, interval: float) -> None:
        self._source = source
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="thresholds-watch", daemon=True)

    def start(self) -> PolicyWatcher:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self._interval + 1)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self._source.refresh()
            except Exception:  # the watcher must outlive any surprise, or reloads stop
                log.exception("checking the thresholds file failed")


def reload_on_sighup(source: PolicySource) -> bool:
    """Make SIGHUP re-read the thresholds; False where signals cannot be set (not the main
    thread, or a platform without SIGHUP). Without a handler SIGHUP would stop the process."""
    if not hasattr(signal, "SIGHUP") or threading.current_thread() is not threading.main_thread():
        return False

    def handle(_signum: int, _frame: object) -> None:
        # Not in the handler itself: it may interrupt a thread holding the source's lock.
        threading.Thread(target=source.reload, name="thresholds-sighup", daemon=True).start()

    signal.signal(signal.SIGHUP, handle)
    return True
