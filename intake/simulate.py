"""Replay stored quality metrics against a candidate thresholds file.

Ops should never have to guess what a threshold change does: the metrics of
every page are stored, so judging them again under a new policy is cheap and
touches no image.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

import quality
from intake.codec import quality_from_json
from intake.rules.policy import DOCUMENT_TYPES, Policy
from ocr.model import DocumentType
from storage.records import Page, Submission


@dataclass(frozen=True)
class StoredVerdict:
    doc_type: DocumentType
    metrics: quality.QualityMetrics
    reasons: frozenset[str]


@dataclass
class Simulation:
    pages: int = 0
    newly_rejected: int = 0
    newly_passed: int = 0
    # (document type, reason code) → pages gaining or losing that reason
    reasons_gained: Counter[tuple[str, str]] = field(default_factory=Counter)
    reasons_lost: Counter[tuple[str, str]] = field(default_factory=Counter)

    def shifts(self) -> list[tuple[str, str, int, int]]:
        """(document type, reason, pages gaining it, pages losing it), sorted."""
        keys = sorted(self.reasons_gained.keys() | self.reasons_lost.keys())
        return [
            (t, code, self.reasons_gained[(t, code)], self.reasons_lost[(t, code)])
            for t, code in keys
        ]

    def lines(self) -> list[str]:
        out = [
            f"{self.pages} stored pages replayed: {self.newly_rejected} would now be rejected, "
            f"{self.newly_passed} would now pass"
        ]
        for label, counter in (("gains", self.reasons_gained), ("loses", self.reasons_lost)):
            for (doc_type, code), count in sorted(counter.items()):
                out.append(f"  {doc_type:<9} {label} {code:<15} {count:6d} page(s)")
        return out


def simulate(stored: Iterable[StoredVerdict], policy: Policy) -> Simulation:
    """How the verdicts of stored pages would change under `policy`."""
    result = Simulation()
    for page in stored:
        result.pages += 1
        report = quality.evaluate(page.metrics, policy.thresholds_for(page.doc_type))
        after: frozenset[str] = frozenset(r.code for r in report.reasons)
        if after and not page.reasons:
            result.newly_rejected += 1
        elif page.reasons and not after:
            result.newly_passed += 1
        for code in after - page.reasons:
            result.reasons_gained[(page.doc_type, code)] += 1
        for code in page.reasons - after:
            result.reasons_lost[(page.doc_type, code)] += 1
    return result


def recent_pages(sessions: sessionmaker, limit: int) -> list[StoredVerdict]:
    """The quality records of the newest `limit` measured pages, across tenants."""
    query = (
        select(Page.doc_type, Page.quality)
        .join(Submission, Submission.id == Page.submission_id)
        .where(Page.quality.is_not(None))
        .order_by(Submission.created_at.desc())
        .limit(limit)
    )
    with sessions() as session:
        rows = session.execute(query).all()
    stored = []
    for doc_type, data in rows:
        report = quality_from_json(data)
        kind: DocumentType = doc_type if doc_type in DOCUMENT_TYPES else "unknown"
        reasons = frozenset(r.code for r in report.reasons)
        stored.append(StoredVerdict(kind, report.metrics, reasons))
    return stored
