"""Worker middleware: queue lag and time per message; low priority for embedded workers.

Lag is the first thing to rise when workers fall behind, long before any
submission turns late, and it is what tells ops how many worker processes
a load needs.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

import dramatiq
from dramatiq.broker import MessageProxy
from dramatiq.middleware import Middleware

from intake import metrics


class QueueMetrics(Middleware):
    """Observes `intake_queue_lag_seconds` before and `intake_task_seconds` after each message."""

    def __init__(self) -> None:
        # Keyed by message id: worker threads run different messages at once.
        self._started: dict[str, float] = {}

    def before_process_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        if not message.options.get("retries"):
            lag = time.time() - message.message_timestamp / 1000
            metrics.message_started(message.actor_name, max(0.0, lag))
        self._started[message.message_id] = time.perf_counter()

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        started = self._started.pop(message.message_id, None)
        if started is not None:
            outcome = "ok" if exception is None else "error"
            metrics.message_finished(message.actor_name, outcome, time.perf_counter() - started)

    def after_skip_message(self, broker: dramatiq.Broker, message: MessageProxy) -> None:
        self._started.pop(message.message_id, None)


class LowPriority(Middleware):
    """Each worker thread lowers its own scheduling priority (nice) as it starts.

    On Linux the priority is a thread's own, and the Tesseract processes and the
    parsing sandbox it starts inherit it: with the embedded broker the API in the
    same process then takes the CPU first, so uploads are not slowed by the
    pages being read behind them.
    """

    def __init__(self, niceness: int = 10) -> None:
        self.niceness = niceness

    def after_worker_thread_boot(self, broker: dramatiq.Broker, thread: Any) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.niceness)
        except OSError as exc:  # a platform where the priority is the process's: leave it
            logging.getLogger(__name__).warning("worker priority left as is: %s", exc)
