"""Retention: after a tenant's number of days, a finished filing loses its files and personal data.

What goes: the originals, page images, text layers and OCR output in the
object store; the declared applicant name and salary; every extracted field's
value; the MRZ read; the checks' messages (they quote names and amounts); file
names (they often carry the person's name). What stays: the submission with
its status, permit type and the portal's reference, each check's code and
outcome, the page quality reports, sizes and hashes, and the whole audit trail,
so a decision can still be explained without the data it was made on.

A tenant's policy (`retention_policies`) overrides INTAKE_RETENTION_DAYS; no
days at all means kept. Objects are deleted before the rows are cleared, so a
run that stops half-way leaves the submission to the next run, never data
without a record of it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from intake.auth import TENANT_PATTERN
from intake.errors import InvalidRequest
from intake.service import ROW_LOCK
from intake.settings import MAX_RETENTION_DAYS
from storage import audit
from storage.objects import ObjectStore
from storage.records import Page, RetentionPolicy, Submission, utcnow
from storage.states import SubmissionStatus, final_states

log = logging.getLogger(__name__)
FINAL = final_states(SubmissionStatus)
PAGE_OBJECTS = ("image_key", "text_layer_key", "deskewed_key", "thumbnail_key", "ocr_key")


@dataclass
class RetentionReport:
    """What a run deleted (or, dry, would delete), per tenant."""

    dry_run: bool
    submissions: dict[str, int] = field(default_factory=dict)
    objects: int = 0
    failed: int = 0  # left for the next run, each logged

    @property
    def total(self) -> int:
        return sum(self.submissions.values())


def policies(session: Session) -> list[RetentionPolicy]:
    return list(session.scalars(select(RetentionPolicy).order_by(RetentionPolicy.tenant_id)))


def set_policy(session: Session, by: audit.Actor, tenant_id: str, days: int | None) -> None:
    """Give a tenant its own retention: `days`, or None to keep its filings."""
    if not TENANT_PATTERN.match(tenant_id):
        raise InvalidRequest("A tenant is 1 to 64 letters, digits, '.', '_' or '-'.")
    if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
        raise InvalidRequest(f"Retention is 1 to {MAX_RETENTION_DAYS} days, or none to keep.")
    policy = session.get(RetentionPolicy, tenant_id) or RetentionPolicy(tenant_id=tenant_id)
    policy.days, policy.updated_by = days, by.id
    session.add(policy)
    audit.append(session, by, "retention.set", tenant_id=tenant_id, detail={"days": days})


def clear_policy(session: Session, by: audit.Actor, tenant_id: str) -> None:
    """The tenant follows INTAKE_RETENTION_DAYS again."""
    policy = session.get(RetentionPolicy, tenant_id)
    if policy is not None:
        session.delete(policy)
        audit.append(session, by, "retention.clear", tenant_id=tenant_id)


def run(
    sessions: sessionmaker,
    objects: ObjectStore,
    by: audit.Actor,
    default_days: int | None,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
) -> RetentionReport:
    """Purge every finished submission past its tenant's retention; idempotent."""
    report = RetentionReport(dry_run)
    with sessions() as session:
        due = _due(session, default_days, now or utcnow())
    for submission_id, tenant_id in due:
        if not dry_run:
            try:
                report.objects += purge(sessions, objects, by, submission_id)
            except Exception:  # one stuck submission must not hold back the others
                log.exception("retention could not purge submission %s yet", submission_id)
                report.failed += 1
                continue
        report.submissions[tenant_id] = report.submissions.get(tenant_id, 0) + 1
    return report


def purge(sessions: sessionmaker, objects: ObjectStore, by: audit.Actor, submission_id: str) -> int:
    """Delete one finished submission's objects, then clear its personal data; objects deleted."""
    with sessions() as session:
        submission = session.get(Submission, submission_id)
        if submission is None or submission.purged_at or submission.status not in FINAL:
            return 0
        keys = _object_keys(submission)
    for key in keys:
        objects.delete(key)
    with sessions() as session, session.begin():
        submission = session.get_one(Submission, submission_id, with_for_update=ROW_LOCK)
        if submission.purged_at is None:
            _clear(submission)
            audit.append(
                session,
                by,
                "submission.purge",
                tenant_id=submission.tenant_id,
                target=submission.id,
                detail={"objects": len(keys)},
            )
    return len(keys)


def _due(session: Session, default_days: int | None, now: datetime) -> list[tuple[str, str]]:
    """(id, tenant) of finished, unpurged submissions older than their tenant's retention."""
    own = {p.tenant_id: p.days for p in policies(session)}
    cutoffs = [
        (Submission.tenant_id == tenant, now - timedelta(days=days))
        for tenant, days in own.items()
        if days is not None
    ]
    conditions = [(tenant & (Submission.created_at < cutoff)) for tenant, cutoff in cutoffs]
    if default_days is not None:
        conditions.append(
            Submission.tenant_id.not_in(list(own))
            & (Submission.created_at < now - timedelta(days=default_days))
        )
    if not conditions:
        return []
    query = (
        select(Submission.id, Submission.tenant_id)
        .where(Submission.purged_at.is_(None), Submission.status.in_(FINAL), or_(*conditions))
        .order_by(Submission.created_at)
    )
    return [(row.id, row.tenant_id) for row in session.execute(query)]


def _object_keys(submission: Submission) -> list[str]:
    keys = [u.object_key for u in submission.uploads]
    keys += [k for page in submission.pages for k in _page_keys(page)]
    return sorted(set(keys))


def _page_keys(page: Page) -> Iterable[str]:
    return (key for key in (getattr(page, name) for name in PAGE_OBJECTS) if key)


def _clear(submission: Submission) -> None:
    submission.purged_at = utcnow()
    submission.applicant_name = None
    submission.declared_gross_salary = None
    submission.error_message = None  # a refusal's message names the file (the code stays)
    submission.checks = _outcomes(submission.checks)
    for upload in submission.uploads:
        upload.filename = f"file-{upload.position + 1}"
        upload.original_filename = None
    for page in submission.pages:
        page.mrz = None
    for document in submission.documents:
        document.fields = {}
        document.checks = _outcomes(document.checks) or []


def _outcomes(checks: list[dict[str, Any]] | None) -> list[dict[str, Any]] | None:
    """Each check's code and outcome, without the message that quotes the data."""
    if checks is None:
        return None
    return [{"code": c.get("code"), "ok": c.get("ok")} for c in checks]
