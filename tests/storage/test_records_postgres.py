"""The record store on PostgreSQL: the whole service flow, the same message delivered
by several workers at once, and the database going away in the middle of finalize."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from prometheus_client import Counter
from sqlalchemy import create_engine, event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from intake import metrics
from intake.errors import IntakeError
from intake.service import (
    IncomingFile,
    ServiceContext,
    SubmissionMeta,
    create_submission,
    finalize_submission,
    process_page,
    split_upload,
)
from storage.audit import SERVICE
from storage.database import make_sessionmaker
from storage.records import Document, Page, Submission
from tests.support.harness import RecordingDispatcher, split_twice_and_process

if TYPE_CHECKING:
    from tests.support.postgres import CuttableProxy, ServiceFactory

pytest_plugins = ["tests.support.postgres"]
pytestmark = [pytest.mark.services, pytest.mark.tesseract]

DELIVERIES = 4


def total(counter: Counter) -> float:
    return sum(s.value for m in counter.collect() for s in m.samples if s.name.endswith("_total"))


def at_once(deliveries: int, deliver: Callable[[], None]) -> list[BaseException]:
    """Run `deliver` on that many threads released together; the errors they raised."""
    barrier = threading.Barrier(deliveries)
    errors: list[BaseException] = []

    def worker() -> None:
        barrier.wait()
        try:
            deliver()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(deliveries)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 120
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "a delivery is stuck"
    return errors


def run_pages(ctx: ServiceContext, dispatcher: RecordingDispatcher, sid: str) -> None:
    (upload_id,) = dispatcher.take("split_upload")
    split_upload(ctx, upload_id)
    for page_id in dispatcher.take("process_page"):
        process_page(ctx, page_id)
    assert dispatcher.take("finalize_submission") == [sid]
    with ctx.sessions() as session:
        assert session.get_one(Submission, sid).status == "processing"


def test_service_flow_on_postgres(
    postgres_url: str, postgres_service: ServiceFactory, two_page_pdf: bytes
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = postgres_service(dispatcher, postgres_url)
    sid, pages = split_twice_and_process(ctx, dispatcher, two_page_pdf)
    assert len(pages) == 2
    for _ in range(2):
        finalize_submission(ctx, sid)
    with ctx.sessions() as session:
        submission = session.get_one(Submission, sid)
        rows = list(session.scalars(select(Page).where(Page.submission_id == sid)))
        documents = list(session.scalars(select(Document).where(Document.submission_id == sid)))
    # Both contract pages pass the gate, the enterprise number's mod-97 check holds and
    # every field is read above the review confidence; nothing is declared to cross-check.
    assert submission.status == "accepted"
    assert submission.checks == []
    assert submission.created_at.tzinfo is not None
    assert [(p.status, p.attempts) for p in rows] == [("done", 1), ("done", 1)]
    assert all(isinstance(p.quality, dict) for p in rows)
    assert [(d.type, d.page_indexes) for d in documents] == [("contract", [0, 1])]
    assert [(c["code"], c["ok"]) for c in documents[0].checks] == [
        ("enterprise_number_checksum", True)
    ]


def test_one_page_delivered_at_once_is_recorded_once(
    postgres_url: str, postgres_service: ServiceFactory, blurred_passport_png: bytes
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = postgres_service(dispatcher, postgres_url)
    ctx.max_attempts = DELIVERIES
    pages_before, finals_before = total(metrics.PAGES), total(metrics.SUBMISSIONS)
    sid = create_submission(
        ctx, SubmissionMeta("t1"), [IncomingFile("p.png", blurred_passport_png)], by=SERVICE
    ).id
    (upload_id,) = dispatcher.take("split_upload")
    assert at_once(DELIVERIES, lambda: split_upload(ctx, upload_id)) == []
    page_ids = set(dispatcher.take("process_page"))
    assert len(page_ids) == 1
    (page_id,) = page_ids
    assert at_once(DELIVERIES, lambda: process_page(ctx, page_id)) == []
    assert set(dispatcher.take("finalize_submission")) == {sid}
    assert at_once(DELIVERIES, lambda: finalize_submission(ctx, sid)) == []
    with ctx.sessions() as session:
        page = session.get_one(Page, page_id)
        page_rows = session.scalar(select(func.count()).where(Page.submission_id == sid))
        status = session.get_one(Submission, sid).status
    assert page_rows == 1
    assert (page.status, page.verdict, page.attempts) == ("done", "reject", DELIVERIES)
    assert total(metrics.PAGES) - pages_before == 1
    assert status == "rejected"
    assert total(metrics.SUBMISSIONS) - finals_before == 1


def test_finalize_delivered_at_once_writes_documents_once(
    postgres_url: str, postgres_service: ServiceFactory, passport_png: bytes
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = postgres_service(dispatcher, postgres_url)
    sid = create_submission(
        ctx, SubmissionMeta("t1"), [IncomingFile("p.png", passport_png)], by=SERVICE
    ).id
    run_pages(ctx, dispatcher, sid)
    finals_before = total(metrics.SUBMISSIONS)
    assert at_once(DELIVERIES, lambda: finalize_submission(ctx, sid)) == []
    finals = total(metrics.SUBMISSIONS) - finals_before
    with ctx.sessions() as session:
        status = session.get_one(Submission, sid).status
        documents = list(session.scalars(select(Document).where(Document.submission_id == sid)))
    assert status == "accepted"
    assert finals == 1
    assert [d.type for d in documents] == ["passport"]


def test_finalize_cut_off_from_the_database_is_retried_and_consistent(
    postgres_url: str,
    postgres_proxy: CuttableProxy,
    postgres_service: ServiceFactory,
    passport_png: bytes,
) -> None:
    dispatcher = RecordingDispatcher()
    ctx = postgres_service(dispatcher, postgres_proxy.route(postgres_url))
    sid = create_submission(
        ctx, SubmissionMeta("t1"), [IncomingFile("p.png", passport_png)], by=SERVICE
    ).id
    run_pages(ctx, dispatcher, sid)
    finals_before = total(metrics.SUBMISSIONS)

    def cut_before_commit(session: Session, _flush: Any) -> None:
        # Documents, status and checks are written but not committed when the line drops.
        if any(isinstance(row, Document) for row in session.new):
            postgres_proxy.cut()

    event.listen(ctx.sessions, "after_flush", cut_before_commit)
    with pytest.raises(OperationalError) as cut:
        finalize_submission(ctx, sid)
    event.remove(ctx.sessions, "after_flush", cut_before_commit)
    assert not isinstance(cut.value, IntakeError)  # what the workers retry
    assert read_back(postgres_url, sid) == ("processing", [])
    with pytest.raises(OperationalError):
        finalize_submission(ctx, sid)  # the queue's retry while the database is still away

    postgres_proxy.restore()
    finalize_submission(ctx, sid)
    finalize_submission(ctx, sid)
    assert read_back(postgres_url, sid) == ("accepted", ["passport"])
    assert total(metrics.SUBMISSIONS) - finals_before == 1


def read_back(url: str, sid: str) -> tuple[str, list[str]]:
    """The submission's status and documents, read past the proxy."""
    engine = create_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            status = session.get_one(Submission, sid).status
            types = session.scalars(select(Document.type).where(Document.submission_id == sid))
            return status, list(types)
    finally:
        engine.dispose()
