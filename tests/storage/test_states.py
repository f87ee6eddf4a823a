"""The transition table is the only way a status changes: every edge and every non-edge,
walked through the record models themselves."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.database import make_engine, make_sessionmaker
from storage.records import Base, Page, Submission, Upload
from storage.states import (
    INITIAL,
    TRANSITIONS,
    FileStatus,
    FileVerdict,
    IllegalTransition,
    PageStatus,
    SubmissionStatus,
    final_states,
    open_states,
    submission_status,
    transition,
)

ROWS: dict[type[StrEnum], Callable[..., Base]] = {
    SubmissionStatus: lambda **kw: Submission(id="s", tenant_id="t", **kw),
    FileStatus: lambda **kw: Upload(
        id="u",
        submission_id="s",
        position=0,
        filename="f",
        size=1,
        sha256="0" * 64,
        object_key="k",
        **kw,
    ),
    PageStatus: lambda **kw: Page(
        id="p",
        submission_id="s",
        upload_id="u",
        upload_position=0,
        index=0,
        origin="image",
        image_key="k",
        **kw,
    ),
}


def _name(value: object) -> str:
    return getattr(value, "__name__", str(value))


PAIRS = [(kind, a, b) for kind in TRANSITIONS for a in kind for b in kind]


def _path(kind: type[StrEnum], goal: StrEnum) -> list[StrEnum]:
    """The legal moves from the initial state to `goal` (breadth first)."""
    start = INITIAL[kind]
    seen: dict[StrEnum, list[StrEnum]] = {start: []}
    queue = deque([start])
    while queue:
        state = queue.popleft()
        for nxt in TRANSITIONS[kind][state]:
            if nxt not in seen:
                seen[nxt] = [*seen[state], nxt]
                queue.append(nxt)
    return seen[goal]


def _row_in(kind: type[StrEnum], state: StrEnum) -> Base:
    row = ROWS[kind](status=INITIAL[kind])
    for step in _path(kind, state):
        row.status = step  # type: ignore[attr-defined]
    return row


@pytest.mark.parametrize(("kind", "current", "target"), PAIRS, ids=_name)
def test_every_edge_is_allowed_and_every_non_edge_refused(
    kind: type[StrEnum], current: StrEnum, target: StrEnum
) -> None:
    row = _row_in(kind, current)
    if target == current or target in TRANSITIONS[kind][current]:
        row.status = target  # type: ignore[attr-defined]
        assert row.status == target  # type: ignore[attr-defined]
    else:
        with pytest.raises(IllegalTransition) as raised:
            row.status = target  # type: ignore[attr-defined]
        assert raised.value.code == "illegal_transition"
        assert row.status == current  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", list(TRANSITIONS), ids=_name)
def test_a_row_is_born_in_its_initial_state(kind: type[StrEnum]) -> None:
    assert ROWS[kind](status=INITIAL[kind]).status == INITIAL[kind]  # type: ignore[attr-defined]
    for state in set(kind) - {INITIAL[kind]}:
        with pytest.raises(IllegalTransition):
            ROWS[kind](status=state)


def _reachable(kind: type[StrEnum], start: StrEnum) -> set[StrEnum]:
    found, queue = {start}, deque([start])
    while queue:
        for nxt in TRANSITIONS[kind][queue.popleft()]:
            if nxt not in found:
                found.add(nxt)
                queue.append(nxt)
    return found


@pytest.mark.parametrize("kind", list(TRANSITIONS), ids=_name)
def test_every_state_is_reachable_and_every_open_one_can_finish(kind: type[StrEnum]) -> None:
    assert _reachable(kind, INITIAL[kind]) == set(kind)
    finals = final_states(kind)
    assert finals and open_states(kind) == set(kind) - finals
    for state in open_states(kind):
        assert _reachable(kind, state) & finals, f"{state} can never finish"


def test_derived_sets_are_the_ones_the_service_and_api_use() -> None:
    assert final_states(SubmissionStatus) == {"accepted", "needs_review", "rejected", "failed"}
    assert open_states(SubmissionStatus) == {"received", "processing"}
    assert final_states(PageStatus) == {"done", "failed"}
    assert final_states(FileStatus) == {"split", "error"}


def test_words_outside_the_vocabulary_are_refused() -> None:
    with pytest.raises(IllegalTransition):
        transition(SubmissionStatus, SubmissionStatus.PROCESSING, "finished")
    with pytest.raises(IllegalTransition):
        transition(PageStatus, "halfway", PageStatus.DONE)


def test_worst_file_verdict_decides_the_submission() -> None:
    assert submission_status([]) == SubmissionStatus.ACCEPTED
    assert submission_status([FileVerdict.ACCEPTED]) == SubmissionStatus.ACCEPTED
    assert (
        submission_status([FileVerdict.ACCEPTED, FileVerdict.NEEDS_REVIEW])
        == SubmissionStatus.NEEDS_REVIEW
    )
    assert (
        submission_status([FileVerdict.NEEDS_REVIEW, FileVerdict.FAILED]) == SubmissionStatus.FAILED
    )
    assert (
        submission_status([FileVerdict.FAILED, FileVerdict.REJECTED]) == SubmissionStatus.REJECTED
    )
    assert submission_status([FileVerdict.ERROR, FileVerdict.ACCEPTED]) == SubmissionStatus.REJECTED


def test_statuses_are_stored_as_their_words_and_loaded_as_members(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'states.db'}")
    sessions = make_sessionmaker(engine)
    try:
        with sessions() as session, session.begin():
            session.add(ROWS[SubmissionStatus](status=SubmissionStatus.RECEIVED))
        with sessions() as session, session.begin():
            submission = session.get_one(Submission, "s")
            submission.status = SubmissionStatus.PROCESSING
        with sessions() as session:
            raw = session.execute(text("SELECT status FROM submissions")).scalar_one()
            loaded = session.get_one(Submission, "s")
            assert raw == "processing"
            assert loaded.status is SubmissionStatus.PROCESSING
            with pytest.raises(IllegalTransition):
                loaded.status = SubmissionStatus.RECEIVED
    finally:
        engine.dispose()
