"""The sweep: send again the work of submissions that stopped making progress.

A broker can lose messages (Redis without persistence loses its queues on a
restart), and then a submission would wait forever. The record store knows
what is still to do. A submission counts as stalled when nothing about it
(pages finished, attempts started, uploads split, status) changed for
`stale_seconds`, however old it is: a large submission that keeps moving is
left alone. `stale_seconds` should exceed the longest a healthy queue keeps a
submission waiting (`intake_queue_lag_seconds` shows it); work that was only
slow and gets sent again costs one look-up per extra message, since every step
is idempotent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from intake.service import ServiceContext, resume_unfinished
from storage.records import Page, Submission, Upload
from storage.states import FileStatus, PageStatus, SubmissionStatus, open_states

log = logging.getLogger(__name__)

OPEN_STATUSES = open_states(SubmissionStatus)
Progress = tuple[object, ...]


@dataclass
class Sweeper:
    context: ServiceContext
    stale_seconds: float
    clock: Callable[[], float] = time.monotonic
    # Per open submission: its progress when last seen changing, and when that was.
    _seen: dict[str, tuple[Progress, float]] = field(default_factory=dict)

    def sweep(self) -> int:
        """Resend the work of every stalled submission; returns how many there were."""
        now = self.clock()
        progress = self._progress()
        stalled = []
        for submission_id, state in progress.items():
            previous = self._seen.get(submission_id)
            if previous is not None and previous[0] == state:
                if now - previous[1] < self.stale_seconds:
                    continue
                stalled.append(submission_id)
            self._seen[submission_id] = (state, now)
        for finished in self._seen.keys() - progress.keys():
            del self._seen[finished]
        if stalled:
            resume_unfinished(self.context, stalled)
            log.warning("resent the work of %d stalled submission(s)", len(stalled))
        return len(stalled)

    def _progress(self) -> dict[str, Progress]:
        open_ids = select(Submission.id).where(Submission.status.in_(OPEN_STATUSES))
        pending = case((Page.status == PageStatus.PENDING, 1), else_=0)
        unsplit = case((Upload.status == FileStatus.RECEIVED, 1), else_=0)
        with self.context.transaction() as session:
            statuses = {
                submission_id: status
                for submission_id, status in session.execute(
                    select(Submission.id, Submission.status).where(
                        Submission.status.in_(OPEN_STATUSES)
                    )
                )
            }
            pages = {
                row[0]: row[1:]
                for row in session.execute(
                    select(
                        Page.submission_id, func.count(), func.sum(pending), func.sum(Page.attempts)
                    )
                    .where(Page.submission_id.in_(open_ids))
                    .group_by(Page.submission_id)
                )
            }
            uploads = {
                row[0]: row[1:]
                for row in session.execute(
                    select(Upload.submission_id, func.sum(unsplit), func.sum(Upload.attempts))
                    .where(Upload.submission_id.in_(open_ids))
                    .group_by(Upload.submission_id)
                )
            }
        return {
            submission_id: (status, *pages.get(submission_id, ()), *uploads.get(submission_id, ()))
            for submission_id, status in statuses.items()
        }
