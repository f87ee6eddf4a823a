"""Service functions: the only place where submissions change state.

Each step can run twice (queues deliver at least once) and changes nothing the
second time: pages are keyed by (upload, index), objects by ids, a finished
page is not processed again, and a finished submission is not finalised again.
The originals are stored before anything looks inside them.

Deliveries of one message may also run at the same time. Every check-then-write
locks the row it decides on (SQLite ignores the row lock and locks the database
when a transaction begins), so concurrent deliveries count a page's attempts one
by one, record its result once and finalise a submission once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import cv2
import numpy as np
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from intake import codec, metrics
from intake.assemble import FailedPage, FileAnalysis, PageAnalysis, PageOutcome, assemble_submission
from intake.build import PipelineContext
from intake.errors import (
    BadInput,
    IntakeError,
    NotFound,
    ProcessingFailed,
    UnreadableImage,
    error_from_record,
)
from intake.filenames import display_filename
from intake.pipeline import analyse_page
from intake.rules.crosscheck import Declared
from intake.sandbox import split_isolated
from intake.sniff import sniff
from intake.split import PageInput
from storage import audit
from storage.objects import ObjectStore
from storage.records import Document, Page, Submission, Upload, new_id
from storage.states import FileStatus, PageStatus, SubmissionStatus, final_states, open_states

log = logging.getLogger(__name__)

FINAL = final_states(SubmissionStatus)
THUMBNAIL_SIDE = 480
# SELECT ... FOR NO KEY UPDATE: one writer per row, while inserts that merely
# reference the row (pages, documents) are not held up.
ROW_LOCK: dict[str, Any] = {"key_share": True}


class Dispatcher(Protocol):
    """How service functions hand work on; a queue in production, a loop in tests."""

    def split_upload(self, upload_id: str) -> None: ...

    def process_page(self, page_id: str) -> None: ...

    def finalize_submission(self, submission_id: str) -> None: ...


@dataclass
class ServiceContext:
    sessions: sessionmaker
    objects: ObjectStore
    pipeline: PipelineContext
    dispatcher: Dispatcher
    max_attempts: int = 3

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session


@dataclass(frozen=True)
class IncomingFile:
    filename: str
    data: bytes
    declared_type: str | None = None


@dataclass(frozen=True)
class SubmissionMeta:
    tenant_id: str
    external_ref: str | None = None
    permit_type: str | None = None
    applicant_name: str | None = None
    declared_gross_salary: str | None = None
    salary_period: str | None = None
    occupation_category: str | None = None


class RejectedUpload(BadInput):
    """A submission refused at the door; the originals are stored all the same."""

    def __init__(self, cause: BadInput, submission_id: str) -> None:
        super().__init__(cause.message)
        self.code = cause.code
        self.http_status = cause.http_status
        self.message_nl = cause.message_nl
        self.submission_id = submission_id


def create_submission(
    ctx: ServiceContext, meta: SubmissionMeta, files: list[IncomingFile], *, by: audit.Actor
) -> Submission:
    """Store every original, record the submission as `by`'s act, then check types and enqueue.

    Returns the submission as recorded (received, with its uploads), before any
    worker touches it. Raises RejectedUpload (carrying the new id) when a file is
    empty or of a type the pipeline cannot read; nothing is enqueued then.
    """
    submission_id = new_id()
    uploads = []
    for position, incoming in enumerate(files):
        upload_id = new_id()
        key = f"submissions/{submission_id}/uploads/{position:03d}-{upload_id}/original"
        ctx.objects.put(key, incoming.data, incoming.declared_type or "application/octet-stream")
        uploads.append(
            Upload(
                id=upload_id,
                submission_id=submission_id,
                position=position,
                filename=display_filename(incoming.filename, position),
                original_filename=incoming.filename,
                size=len(incoming.data),
                sha256=hashlib.sha256(incoming.data).hexdigest(),
                declared_type=incoming.declared_type,
                object_key=key,
            )
        )
    first_error: BadInput | None = None
    for upload, incoming in zip(uploads, files, strict=True):
        try:
            upload.kind = sniff(incoming.data)
        except BadInput as exc:
            _set_error(upload, exc)
            first_error = first_error or exc
    with ctx.transaction() as session:
        submission = Submission(
            id=submission_id,
            tenant_id=meta.tenant_id,
            external_ref=meta.external_ref,
            permit_type=meta.permit_type,
            applicant_name=meta.applicant_name,
            declared_gross_salary=meta.declared_gross_salary,
            salary_period=meta.salary_period,
            occupation_category=meta.occupation_category,
            status=SubmissionStatus.RECEIVED,
            uploads=uploads,
        )
        if first_error is not None:
            submission.status = SubmissionStatus.REJECTED
            _set_error(submission, first_error)
        session.add(submission)
        audit.append(
            session,
            by,
            "submission.create",
            tenant_id=meta.tenant_id,
            target=submission_id,
            outcome="ok" if first_error is None else "rejected",
            detail={"files": len(files)},
        )
    if first_error is not None:
        raise RejectedUpload(first_error, submission_id)
    for upload in uploads:
        ctx.dispatcher.split_upload(upload.id)
    return submission


def split_upload(ctx: ServiceContext, upload_id: str) -> None:
    """Split one stored original into page images and fan out one message per page."""
    with ctx.transaction() as session:
        upload = session.get(Upload, upload_id, with_for_update=ROW_LOCK)
        if upload is None:
            raise NotFound(f"upload {upload_id} does not exist")
        if upload.status != FileStatus.RECEIVED:
            pending = [
                p.id for p in _pages_of(session, upload_id) if p.status == PageStatus.PENDING
            ]
            _dispatch_pages(ctx, pending)
            return
        upload.attempts += 1
        key, submission_id, position = upload.object_key, upload.submission_id, upload.position
        attempt = upload.attempts
        session.get_one(Submission, submission_id).status = SubmissionStatus.PROCESSING
    if attempt > ctx.max_attempts:
        _fail_upload(
            ctx,
            upload_id,
            submission_id,
            ProcessingFailed(
                f"The file could not be split into pages after {ctx.max_attempts} attempts."
            ),
        )
        return
    try:
        read = split_isolated(ctx.objects.get(key), ctx.pipeline.limits, ctx.pipeline.sandbox)
    except BadInput as exc:
        _fail_upload(ctx, upload_id, submission_id, exc)
        return
    except Exception as exc:
        if attempt < ctx.max_attempts:
            raise
        log.exception("upload %s failed on its last attempt", upload_id)
        _fail_upload(
            ctx,
            upload_id,
            submission_id,
            _last_failure(exc, "The file could not be split into pages"),
        )
        return
    prefix = f"submissions/{submission_id}/pages/{position:03d}"
    rows = []
    for page in read.pages:
        image_key = f"{prefix}-{page.index:04d}/page.png"
        ctx.objects.put(image_key, _png(page.image), "image/png")
        text_key = None
        if page.text_layer:
            text_key = f"{prefix}-{page.index:04d}/text_layer.txt"
            ctx.objects.put(text_key, page.text_layer.encode("utf-8"), "text/plain")
        rows.append((page, image_key, text_key))
    with ctx.transaction() as session:
        upload = session.get_one(Upload, upload_id, with_for_update=ROW_LOCK)
        existing = {p.index: p for p in _pages_of(session, upload_id)}
        for page, image_key, text_key in rows:
            if page.index not in existing:
                session.add(
                    Page(
                        submission_id=submission_id,
                        upload_id=upload_id,
                        upload_position=position,
                        index=page.index,
                        dpi=page.dpi,
                        origin=page.origin,
                        image_key=image_key,
                        text_layer_key=text_key,
                    )
                )
        upload.kind, upload.status, upload.page_count = read.kind, FileStatus.SPLIT, len(read.pages)
        upload.notes = [codec.note_to_json(n) for n in read.notes]
        session.flush()
        pending = [p.id for p in _pages_of(session, upload_id) if p.status == PageStatus.PENDING]
    _dispatch_pages(ctx, pending)


def process_page(ctx: ServiceContext, page_id: str, today: date | None = None) -> None:
    """Run the page pipeline for one stored page image and record the result."""
    with ctx.transaction() as session:
        page = session.get(Page, page_id, with_for_update=ROW_LOCK)
        if page is None:
            raise NotFound(f"page {page_id} does not exist")
        if page.status != PageStatus.PENDING:
            # Delivered again after it finished: the finalize message may be what was lost.
            finished_submission = page.submission_id
        else:
            finished_submission = None
            page.attempts += 1
        attempt, submission_id = page.attempts, page.submission_id
        image_key, text_key, dpi, index = page.image_key, page.text_layer_key, page.dpi, page.index
        origin = page.origin
    if finished_submission is not None:
        _maybe_finalize(ctx, finished_submission)
        return
    if attempt > ctx.max_attempts:
        _fail_page(
            ctx,
            page_id,
            ProcessingFailed(f"The page could not be processed after {ctx.max_attempts} attempts."),
        )
        return
    try:
        image = _decode(ctx.objects.get(image_key))
        text = ctx.objects.get(text_key).decode("utf-8") if text_key else None
        page_input = PageInput(index, image, dpi, origin, text)  # type: ignore[arg-type]
        started = time.perf_counter()
        analysis = analyse_page(
            page_input, ctx.pipeline.policy, ctx.pipeline.engine, today or date.today()
        )
        seconds = time.perf_counter() - started
        keys = _store_page_outputs(ctx, image_key, analysis)
    except BadInput as exc:
        _fail_page(ctx, page_id, exc)
        return
    except Exception as exc:
        if attempt >= ctx.max_attempts:
            log.exception("page %s failed on its last attempt", page_id)
            _fail_page(ctx, page_id, _last_failure(exc, "The page could not be processed"))
            return
        raise
    if _record_page(ctx, page_id, analysis, keys):
        metrics.page_done(analysis, seconds)
    _maybe_finalize(ctx, submission_id)


def finalize_submission(ctx: ServiceContext, submission_id: str, today: date | None = None) -> None:
    """Assemble the submission from its stored pages and settle its status, once."""
    today = today or date.today()
    with ctx.transaction() as session:
        submission = session.get(Submission, submission_id)
        if submission is None:
            raise NotFound(f"submission {submission_id} does not exist")
        if submission.status in FINAL:
            return
        uploads = list(submission.uploads)
        pages = list(submission.pages)
        declared = Declared.of(submission)
        session.expunge_all()
    files = [_file_from_records(ctx, u, [p for p in pages if p.upload_id == u.id]) for u in uploads]
    result = assemble_submission(files, declared, ctx.pipeline.policy, today)
    documents = [
        Document(
            submission_id=submission_id,
            upload_id=upload.id,
            upload_position=upload.position,
            position=i,
            type=d.type,
            page_indexes=list(d.pages),
            fields={n: codec.field_to_json(f) for n, f in d.fields.items()},
            checks=[codec.check_to_json(c) for c in d.checks],
            cues=list(d.cues),
        )
        for upload, file in zip(uploads, result.files, strict=True)
        for i, d in enumerate(file.documents)
    ]
    with ctx.transaction() as session:
        submission = session.get_one(Submission, submission_id, with_for_update=ROW_LOCK)
        if submission.status in FINAL:
            return
        session.execute(delete(Document).where(Document.submission_id == submission_id))
        session.add_all(documents)
        submission.checks = [codec.check_to_json(c) for c in result.checks]
        submission.status = result.status
        bad = next((u for u in uploads if u.status == FileStatus.ERROR), None)
        if bad is not None:
            submission.error_code = bad.error_code
            submission.error_message = f"{bad.filename}: {bad.error_message}"
    metrics.submission_final(result.status)


def _file_from_records(ctx: ServiceContext, upload: Upload, pages: list[Page]) -> FileAnalysis:
    """A stored file as the assembly takes it: its error, or its finished pages."""
    if upload.status == FileStatus.ERROR:
        return FileAnalysis(upload.kind, error=error_from_record(upload))
    outcomes: list[PageOutcome] = [
        _analysis_from_record(ctx, p)
        if p.status == PageStatus.DONE
        else FailedPage(p.index, error_from_record(p))
        for p in pages
        if p.status != PageStatus.PENDING
    ]
    notes = tuple(codec.note_from_json(n) for n in upload.notes or [])
    return FileAnalysis(upload.kind, outcomes, notes=notes)


def resume_unfinished(ctx: ServiceContext, only: Collection[str] | None = None) -> int:
    """Send again the work of submissions left unfinished (all, or those in `only`).

    The in-process broker keeps its queue in memory, so a restart forgets it,
    and a networked one can lose messages; the record store knows what is still
    to do. Every step is idempotent, so sending work that is in fact still
    queued elsewhere does no harm. Returns the number of submissions resumed.
    """
    unfinished = select(Submission.id).where(Submission.status.in_(open_states(SubmissionStatus)))
    if only is not None:
        unfinished = unfinished.where(Submission.id.in_(list(only)))
    with ctx.transaction() as session:
        open_ids = list(session.scalars(unfinished))
        uploads = list(
            session.scalars(
                select(Upload.id).where(
                    Upload.submission_id.in_(open_ids), Upload.status == FileStatus.RECEIVED
                )
            )
        )
        pages = list(
            session.scalars(
                select(Page.id).where(
                    Page.submission_id.in_(open_ids), Page.status == PageStatus.PENDING
                )
            )
        )
    for upload_id in uploads:
        ctx.dispatcher.split_upload(upload_id)
    _dispatch_pages(ctx, pages)
    for submission_id in open_ids:
        _maybe_finalize(ctx, submission_id)
    return len(open_ids)


def _record_page(
    ctx: ServiceContext, page_id: str, analysis: PageAnalysis, keys: tuple[str, str, str | None]
) -> bool:
    """Store the result unless another delivery of the page got there first."""
    with ctx.transaction() as session:
        page = session.get_one(Page, page_id, with_for_update=ROW_LOCK)
        if page.status != PageStatus.PENDING:
            return False
        page.status, page.verdict = PageStatus.DONE, analysis.quality.verdict
        page.doc_type, page.skew_applied = analysis.doc_type, analysis.skew_applied
        page.rotation_applied = analysis.rotation_applied
        page.quality = codec.quality_to_json(analysis.quality)
        page.classification = codec.classification_to_json(analysis.classification)
        page.mrz = codec.extraction_to_json(analysis.mrz) if analysis.mrz else None
        page.deskewed_key, page.thumbnail_key, page.ocr_key = keys
    return True


def _maybe_finalize(ctx: ServiceContext, submission_id: str) -> None:
    with ctx.transaction() as session:
        # Pages finishing together decide one after the other, each seeing the others' results.
        session.get(Submission, submission_id, with_for_update=ROW_LOCK)
        uploads = session.scalars(select(Upload).where(Upload.submission_id == submission_id))
        if any(u.status == FileStatus.RECEIVED for u in uploads):
            return
        pages = session.scalars(select(Page.status).where(Page.submission_id == submission_id))
        if any(status == PageStatus.PENDING for status in pages):
            return
    ctx.dispatcher.finalize_submission(submission_id)


def _fail_upload(ctx: ServiceContext, upload_id: str, submission_id: str, exc: IntakeError) -> None:
    with ctx.transaction() as session:
        upload = session.get_one(Upload, upload_id)
        upload.status = FileStatus.ERROR
        _set_error(upload, exc)
    _maybe_finalize(ctx, submission_id)


def _fail_page(ctx: ServiceContext, page_id: str, error: IntakeError) -> None:
    with ctx.transaction() as session:
        page = session.get_one(Page, page_id, with_for_update=ROW_LOCK)
        failed = page.status == PageStatus.PENDING  # else another delivery recorded a result first
        if failed:
            page.status = PageStatus.FAILED
            _set_error(page, error)
        submission_id = page.submission_id
    if failed:
        metrics.page_failed(error.code)
    _maybe_finalize(ctx, submission_id)


def _dispatch_pages(ctx: ServiceContext, page_ids: list[str]) -> None:
    for page_id in page_ids:
        ctx.dispatcher.process_page(page_id)


def _pages_of(session: Session, upload_id: str) -> list[Page]:
    return list(session.scalars(select(Page).where(Page.upload_id == upload_id)))


def _store_page_outputs(
    ctx: ServiceContext, image_key: str, analysis: PageAnalysis
) -> tuple[str, str, str | None]:
    base = image_key.rsplit("/", 1)[0]
    assert analysis.image is not None
    deskewed_key, thumbnail_key = f"{base}/deskewed.png", f"{base}/thumbnail.jpg"
    ctx.objects.put(deskewed_key, _png(analysis.image), "image/png")
    ctx.objects.put(thumbnail_key, _thumbnail(analysis.image), "image/jpeg")
    ocr_key = None
    if analysis.text is not None:
        ocr_key = f"{base}/ocr.json"
        ctx.objects.put(ocr_key, _json_bytes(codec.ocr_to_json(analysis.text)), "application/json")
    return deskewed_key, thumbnail_key, ocr_key


def _analysis_from_record(ctx: ServiceContext, page: Page) -> PageAnalysis:
    assert page.quality is not None and page.classification is not None
    text = None
    if page.ocr_key:
        text = codec.ocr_from_json(json.loads(ctx.objects.get(page.ocr_key)))
    return PageAnalysis(
        index=page.index,
        quality=codec.quality_from_json(page.quality),
        classification=codec.classification_from_json(page.classification),
        skew_applied=page.skew_applied or 0.0,
        rotation_applied=page.rotation_applied or 0,
        image=None,
        text=text,
        mrz=codec.extraction_from_json(page.mrz) if page.mrz else None,
    )


def _set_error(row: Any, error: IntakeError) -> None:
    row.error_code = error.code
    row.error_message = error.message


def _last_failure(exc: Exception, what: str) -> IntakeError:
    """What a step that failed on its last attempt records.

    One of our errors (OCR timed out, say) is recorded as it is, so a page that
    fails reads the same here as in `intake process`. Anything else is named by
    its class only: its text may hold internal addresses the portal should not
    see, and the log has the whole traceback for ops.
    """
    if isinstance(exc, IntakeError):
        return exc
    return ProcessingFailed(f"{what}: {type(exc).__name__}")


def _png(image: np.ndarray) -> bytes:
    ok, buf = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
    if not ok:
        raise UnreadableImage("The page image could not be encoded.")
    return buf.tobytes()


def _thumbnail(image: np.ndarray) -> bytes:
    scale = THUMBNAIL_SIDE / max(image.shape)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 80])
    if not ok:
        raise UnreadableImage("The thumbnail could not be encoded.")
    return buf.tobytes()


def _decode(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise UnreadableImage("The stored page image could not be decoded.")
    return image


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
