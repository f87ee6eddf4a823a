"""Test harness pieces that observe the real thing without replacing it.

`CountingEngine` passes every call to real Tesseract and counts it, so a test
can prove a rejected page cost no OCR. `RecordingDispatcher` keeps the
messages the service sends, so a test decides what is delivered, twice or not
at all; the service functions it drives are the real ones.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from fastapi.testclient import TestClient

from intake.build import pipeline_context
from intake.service import (
    IncomingFile,
    ServiceContext,
    SubmissionMeta,
    create_submission,
    process_page,
    split_upload,
)
from intake.settings import Settings
from ocr.engines.tesseract import TesseractEngine
from ocr.model import OcrResult
from ocr.seam import OcrEngine, OcrTimeout
from storage.audit import SERVICE
from storage.database import make_engine, make_sessionmaker
from storage.objects import LocalObjectStore


@dataclass
class CountingEngine:
    """A real engine that counts its calls; `band_calls` are those limited to a character
    whitelist (the MRZ band's readings)."""

    inner: OcrEngine = field(default_factory=TesseractEngine)
    calls: int = 0
    band_calls: int = 0

    @property
    def languages(self) -> tuple[str, ...]:
        return self.inner.languages

    def recognize(
        self,
        gray: np.ndarray,
        *,
        languages: tuple[str, ...] | None = None,
        psm: int = 3,
        whitelist: str | None = None,
    ) -> OcrResult:
        self.calls += 1
        self.band_calls += whitelist is not None
        return self.inner.recognize(gray, languages=languages, psm=psm, whitelist=whitelist)


class StalledEngine:
    """Stands for a Tesseract that never answers within its limit."""

    languages = ("nld", "fra", "deu", "eng")

    def recognize(self, gray: np.ndarray, **_options: Any) -> OcrResult:
        raise OcrTimeout("Tesseract took longer than 120 s")


@dataclass
class RecordingDispatcher:
    """Keeps the messages instead of sending them, so a test decides what is delivered."""

    sent: list[tuple[str, str]] = field(default_factory=list)

    def split_upload(self, upload_id: str) -> None:
        self.sent.append(("split_upload", upload_id))

    def process_page(self, page_id: str) -> None:
        self.sent.append(("process_page", page_id))

    def finalize_submission(self, submission_id: str) -> None:
        self.sent.append(("finalize_submission", submission_id))

    def take(self, kind: str) -> list[str]:
        ids = [i for k, i in self.sent if k == kind]
        self.sent = [(k, i) for k, i in self.sent if k != kind]
        return ids


def service_context(data_dir: Path, dispatcher: RecordingDispatcher) -> ServiceContext:
    settings = Settings(data_dir=data_dir)
    engine = make_engine(settings.resolved_database_url)
    return ServiceContext(
        make_sessionmaker(engine),
        LocalObjectStore(settings.objects_dir),
        pipeline_context(settings),
        dispatcher,
    )


FINAL_STATUSES = {"accepted", "needs_review", "rejected", "failed"}


def wait_until_final(
    client: TestClient, url: str, headers: dict[str, str] | None = None, timeout: float = 240.0
) -> dict[str, Any]:
    """Poll a submission as the portal does until its status is final."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(url, headers=headers).json()
        if body["status"] in FINAL_STATUSES:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"submission did not finish within {timeout} s: {body}")
        time.sleep(0.2)


# A thresholds file of known values, so tests that edit one do not depend on the shipped tuning.
KNOWN_THRESHOLDS = """\
[quality.default]
min_blur = 25.0
min_dpi = 150.0
min_contrast = 80.0
max_glare_fraction = 0.005

[quality.contract]
min_blur = 100.0

[quality.diploma]
min_blur = 40.0
"""


def split_twice_and_process(
    ctx: ServiceContext, dispatcher: RecordingDispatcher, pdf: bytes
) -> tuple[str, list[str]]:
    """Submit a PDF, deliver its split message twice and process its pages; returns the
    submission id and the page ids. The second split must add no page rows, and the last
    page must ask for the submission to be finalised."""
    sid = create_submission(ctx, SubmissionMeta("t1"), [IncomingFile("c.pdf", pdf)], by=SERVICE).id
    (upload_id,) = dispatcher.take("split_upload")
    split_upload(ctx, upload_id)
    pages = dispatcher.take("process_page")
    split_upload(ctx, upload_id)  # delivered twice: no new page rows
    assert sorted(dispatcher.take("process_page")) == sorted(pages)
    for page_id in pages:
        process_page(ctx, page_id)
    assert set(dispatcher.take("finalize_submission")) == {sid}
    return sid, pages
