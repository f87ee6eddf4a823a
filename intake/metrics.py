"""Prometheus metrics ops watch: throughput, verdicts and why, time per page.

Counted where the state changes (`intake.service`), so the API process with
in-process workers and any separate worker process report the same series
for the work they did. Served on `GET /metrics` in the text format.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

from intake.pipeline import PageAnalysis

PAGES = Counter(
    "intake_pages_total", "Pages through the pipeline, by verdict and document type.",
    ["verdict", "doc_type"],
)
REJECTIONS = Counter(
    "intake_page_rejections_total", "Reasons pages were rejected (a page may have several).",
    ["reason"],
)
PAGE_FAILURES = Counter(
    "intake_page_failures_total", "Pages that ended failed, by error code.", ["code"],
)
PAGE_SECONDS = Histogram(
    "intake_page_seconds", "Time to analyse one page (gate, deskew, OCR, MRZ), by verdict.",
    ["verdict"], buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128),
)
SUBMISSIONS = Counter(
    "intake_submissions_total", "Submissions finalised, by final status.", ["status"],
)
CONTENT_TYPE = CONTENT_TYPE_LATEST


def page_done(analysis: PageAnalysis, seconds: float) -> None:
    verdict = analysis.quality.verdict
    PAGES.labels(verdict=verdict, doc_type=analysis.doc_type).inc()
    for reason in analysis.quality.reasons:
        REJECTIONS.labels(reason=reason.code).inc()
    PAGE_SECONDS.labels(verdict=verdict).observe(seconds)


def page_failed(code: str) -> None:
    PAGE_FAILURES.labels(code=code).inc()


def submission_final(status: str) -> None:
    SUBMISSIONS.labels(status=status).inc()


def exposition() -> bytes:
    """All series of this process in Prometheus' text format."""
    return generate_latest()
