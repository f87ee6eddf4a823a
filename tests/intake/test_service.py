"""Service functions: idempotent steps, resumed work, and lost messages recovered."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from intake.service import (
    IncomingFile,
    SubmissionMeta,
    create_submission,
    finalize_submission,
    process_page,
)
from intake.settings import Settings
from storage.audit import SERVICE
from storage.records import Document, Page, Submission
from tests.support import keys
from tests.support.harness import (
    RecordingDispatcher,
    service_context,
    split_twice_and_process,
    wait_until_final,
)
from workers.bootstrap import make_app

pytestmark = pytest.mark.tesseract


def test_redelivered_messages_change_nothing(data_dir: Path, two_page_pdf: bytes) -> None:
    dispatcher = RecordingDispatcher()
    ctx = service_context(data_dir, dispatcher)
    sid, pages = split_twice_and_process(ctx, dispatcher, two_page_pdf)
    assert len(pages) == 2
    process_page(ctx, pages[0])  # a late duplicate re-sends finalize but does no work
    assert dispatcher.take("finalize_submission") == [sid]
    for _ in range(2):
        finalize_submission(ctx, sid)
    with ctx.sessions() as session:
        assert session.query(Page).count() == 2
        assert all(p.attempts == 1 for p in session.query(Page))
        documents = session.query(Document).all()
        assert [d.type for d in documents] == ["contract"]
        assert [(c["code"], c["ok"]) for c in documents[0].checks] == [
            ("enterprise_number_checksum", True)
        ]
        # The contract's checks hold and no field is read below the review confidence.
        assert session.get_one(Submission, sid).status == "accepted"


def test_work_lost_with_a_stopped_process_is_resumed(data_dir: Path, passport_png: bytes) -> None:
    dispatcher = RecordingDispatcher()
    ctx = service_context(data_dir, dispatcher)
    sid = create_submission(
        ctx, SubmissionMeta("default"), [IncomingFile("p.png", passport_png)], by=SERVICE
    ).id
    # The process stops here: the split message never ran. A new process starts.
    settings = Settings(data_dir=data_dir)
    with TestClient(make_app(settings), headers=keys.portal(settings, "default")) as client:
        body = wait_until_final(client, f"/v1/submissions/{sid}", timeout=120)
    assert body["status"] == "accepted"
