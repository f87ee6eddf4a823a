"""Every entity's states and the moves between them, declared once.

A submission, each of its files (uploads) and each page has a status; these
enums are the whole vocabulary and `TRANSITIONS` the only legal moves. The
record layer (`storage.records`) checks every assignment against the table,
so an illegal move raises `IllegalTransition` wherever it is attempted, and
the final and open sets below are derived from the table, not listed again.

    submission   received ──▶ processing ──▶ accepted | needs_review | rejected | failed
                     └──────────────────────▶ rejected   (a file refused at the door)
    file         received ──▶ split | error
    page         pending  ──▶ done | failed

Setting the status a row already has is no move and always allowed: queues
deliver at least once, and a repeated step must change nothing.

`FileVerdict` is no state but the outcome of one file once its pages are
read; the submission's final status is derived from its files' verdicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar


class SubmissionStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    ACCEPTED = "accepted"
    NEEDS_REVIEW = "needs_review"
    REJECTED = "rejected"
    FAILED = "failed"


class FileStatus(StrEnum):
    """An upload: split into pages, or refused with its reason."""

    RECEIVED = "received"
    SPLIT = "split"
    ERROR = "error"


class PageStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


S = TypeVar("S", bound=StrEnum)

TRANSITIONS: Mapping[type[StrEnum], Mapping[StrEnum, frozenset[StrEnum]]] = {
    SubmissionStatus: {
        SubmissionStatus.RECEIVED: frozenset(
            {SubmissionStatus.PROCESSING, SubmissionStatus.REJECTED}
        ),
        SubmissionStatus.PROCESSING: frozenset(
            {
                SubmissionStatus.ACCEPTED,
                SubmissionStatus.NEEDS_REVIEW,
                SubmissionStatus.REJECTED,
                SubmissionStatus.FAILED,
            }
        ),
        SubmissionStatus.ACCEPTED: frozenset(),
        SubmissionStatus.NEEDS_REVIEW: frozenset(),
        SubmissionStatus.REJECTED: frozenset(),
        SubmissionStatus.FAILED: frozenset(),
    },
    FileStatus: {
        FileStatus.RECEIVED: frozenset({FileStatus.SPLIT, FileStatus.ERROR}),
        FileStatus.SPLIT: frozenset(),
        FileStatus.ERROR: frozenset(),
    },
    PageStatus: {
        PageStatus.PENDING: frozenset({PageStatus.DONE, PageStatus.FAILED}),
        PageStatus.DONE: frozenset(),
        PageStatus.FAILED: frozenset(),
    },
}

# The state a row is created in.
INITIAL: Mapping[type[StrEnum], StrEnum] = {
    SubmissionStatus: SubmissionStatus.RECEIVED,
    FileStatus: FileStatus.RECEIVED,
    PageStatus: PageStatus.PENDING,
}


def final_states(kind: type[S]) -> frozenset[S]:
    """The states of `kind` with no way out."""
    return frozenset(s for s in kind if not TRANSITIONS[kind][s])


def open_states(kind: type[S]) -> frozenset[S]:
    """The states of `kind` from which work is still to be done."""
    return frozenset(kind) - final_states(kind)


class IllegalTransition(Exception):
    """A move the transition table does not allow: a bug or a lost race, never user input."""

    code = "illegal_transition"

    def __init__(self, kind: type[StrEnum], current: object, target: object) -> None:
        moves = TRANSITIONS[kind]
        allowed = sorted(moves[current]) if isinstance(current, kind) else []
        super().__init__(
            f"{kind.__name__}: {current or 'nothing'} -> {target} is not a legal move "
            f"(allowed: {', '.join(allowed) or 'none'})"
        )
        self.kind, self.current, self.target = kind, current, target


def transition(kind: type[S], current: S | str | None, target: S | str) -> S:
    """`target` as a member of `kind` if moving there from `current` is legal.

    `current` is None for a row being created, which must start in its
    initial state. Raises IllegalTransition otherwise, unknown values included.
    """
    try:
        goal = kind(target)
        now = kind(current) if current is not None else None
    except ValueError as exc:
        raise IllegalTransition(kind, current, target) from exc
    if now is None:
        if goal != INITIAL[kind]:
            raise IllegalTransition(kind, None, goal)
        return goal
    if goal != now and goal not in TRANSITIONS[kind][now]:
        raise IllegalTransition(kind, now, goal)
    return goal


class FileVerdict(StrEnum):
    """What became of one file: the CLI's `status` per file, and the basis of a submission's."""

    ACCEPTED = "accepted"
    NEEDS_REVIEW = "needs_review"
    REJECTED = "rejected"
    FAILED = "failed"
    ERROR = "error"


# The worst verdict decides; `error` (a file that could not be read) rejects the submission,
# because the uploader must send it again.
_SEVERITY = (
    FileVerdict.ERROR,
    FileVerdict.REJECTED,
    FileVerdict.FAILED,
    FileVerdict.NEEDS_REVIEW,
    FileVerdict.ACCEPTED,
)
_SUBMISSION_STATUS = {
    FileVerdict.ERROR: SubmissionStatus.REJECTED,
    FileVerdict.REJECTED: SubmissionStatus.REJECTED,
    FileVerdict.FAILED: SubmissionStatus.FAILED,
    FileVerdict.NEEDS_REVIEW: SubmissionStatus.NEEDS_REVIEW,
    FileVerdict.ACCEPTED: SubmissionStatus.ACCEPTED,
}


def worst(verdicts: Iterable[FileVerdict]) -> FileVerdict:
    """The most severe of `verdicts`; accepted when there are none."""
    present = set(verdicts)
    return next((v for v in _SEVERITY if v in present), FileVerdict.ACCEPTED)


def submission_status(verdicts: Iterable[FileVerdict]) -> SubmissionStatus:
    """The final status of a submission whose files (and checks) ended in `verdicts`."""
    return _SUBMISSION_STATUS[worst(verdicts)]
