"""Prometheus metrics ops watch: throughput, verdicts and why, time per page, queue lag.

Counted where the state changes (`intake.service`) and where a worker takes a
message (`workers.middleware`), so the API process with in-process workers and
any separate worker process report the same series for the work they did.
Served on `GET /metrics` in the text format: by the API, and by `intake worker`
for all of its processes at once.

A worker process keeps its series in files under PROMETHEUS_MULTIPROC_DIR
(prometheus_client's multiprocess mode, chosen when prometheus_client is first
imported), so that the supervisor can add up the processes' series, including
those of a process that was killed.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from intake.assemble import PageAnalysis

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"

PAGES = Counter(
    "intake_pages_total",
    "Pages through the pipeline, by verdict and document type.",
    ["verdict", "doc_type"],
)
REJECTIONS = Counter(
    "intake_page_rejections_total",
    "Reasons pages were rejected (a page may have several).",
    ["reason"],
)
PAGE_FAILURES = Counter(
    "intake_page_failures_total",
    "Pages that ended failed, by error code.",
    ["code"],
)
PAGE_SECONDS = Histogram(
    "intake_page_seconds",
    "Time to analyse one page (gate, deskew, OCR, MRZ), by verdict.",
    ["verdict"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128),
)
SUBMISSIONS = Counter(
    "intake_submissions_total",
    "Submissions finalised, by final status.",
    ["status"],
)
QUEUE_LAG = Histogram(
    "intake_queue_lag_seconds",
    "Time from sending a message to a worker starting on it, by actor; first deliveries "
    "only, since a retry also waits out its backoff.",
    ["actor"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800),
)
TASK_SECONDS = Histogram(
    "intake_task_seconds",
    "Time a worker spent on one message, by actor and outcome.",
    ["actor", "outcome"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128),
)
WORKER_BOOTS = Counter(
    "intake_worker_boots_total",
    "Worker processes that started consuming messages.",
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


def message_started(actor: str, lag_seconds: float) -> None:
    QUEUE_LAG.labels(actor=actor).observe(lag_seconds)


def message_finished(actor: str, outcome: str, seconds: float) -> None:
    TASK_SECONDS.labels(actor=actor, outcome=outcome).observe(seconds)


def worker_booted() -> None:
    WORKER_BOOTS.inc()


def multiprocess_registry(directory: str) -> CollectorRegistry:
    """A registry adding up the series every process wrote under `directory`."""
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)
    return registry


def exposition() -> bytes:
    """All series of this process (of all processes sharing its multiprocess directory, when
    it has one) in Prometheus' text format."""
    directory = os.environ.get(MULTIPROCESS_DIR_VARIABLE)
    if directory:
        return generate_latest(multiprocess_registry(directory))
    return generate_latest()
