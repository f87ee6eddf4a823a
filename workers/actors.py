"""Thin actors: messages carry ids only; the work is in `intake.service`.

Fan-out: split_upload → process_page × pages → finalize_submission (sent by the
page that finishes last). Bad input is never retried (the service records it
as a final, explained state); anything else is retried with backoff, and the
attempt counters in the record store end a message that keeps failing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import dramatiq

from intake import service
from intake.errors import IntakeError
from intake.service import ServiceContext

QUEUE = "intake"


def _retry_when(max_attempts: int) -> Callable[[int, BaseException], bool]:
    def retry(retries: int, exc: BaseException) -> bool:
        if isinstance(exc, IntakeError) and not exc.retryable:
            return False
        return retries < max_attempts

    return retry


@dataclass(frozen=True)
class Actors:
    split_upload: dramatiq.Actor
    process_page: dramatiq.Actor
    finalize_submission: dramatiq.Actor


def declare_actors(
    broker: dramatiq.Broker,
    context: Callable[[], ServiceContext],
    *,
    max_attempts: int,
    time_limit_ms: int,
) -> Actors:
    """Declare the actors on `broker`; `context` gives the process's ServiceContext."""
    options: dict[str, Any] = {
        "broker": broker,
        "queue_name": QUEUE,
        "retry_when": _retry_when(max_attempts),
        "min_backoff": 500,
        "max_backoff": 30_000,
        "time_limit": time_limit_ms,
    }

    def split_upload(upload_id: str) -> None:
        service.split_upload(context(), upload_id)

    def process_page(page_id: str) -> None:
        service.process_page(context(), page_id)

    def finalize_submission(submission_id: str) -> None:
        service.finalize_submission(context(), submission_id)

    return Actors(
        split_upload=dramatiq.actor(actor_name="split_upload", **options)(split_upload),
        process_page=dramatiq.actor(actor_name="process_page", **options)(process_page),
        finalize_submission=dramatiq.actor(actor_name="finalize_submission", **options)(
            finalize_submission
        ),
    )


class QueueDispatcher:
    """The service's Dispatcher over Dramatiq: one message per unit of work."""

    def __init__(self, actors: Actors) -> None:
        self.actors = actors

    def split_upload(self, upload_id: str) -> None:
        self.actors.split_upload.send(upload_id)

    def process_page(self, page_id: str) -> None:
        self.actors.process_page.send(page_id)

    def finalize_submission(self, submission_id: str) -> None:
        self.actors.finalize_submission.send(submission_id)
