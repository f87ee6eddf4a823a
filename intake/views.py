"""Records → the API's public shapes."""

from __future__ import annotations

from typing import Any

from intake.errors import error_from_record
from intake.schemas import (
    DocumentPublic,
    ErrorPublic,
    FilePublic,
    PagePublic,
    SubmissionAccepted,
    SubmissionPublic,
)
from storage.records import Page, Submission, Upload


def _error(row: Any) -> ErrorPublic | None:
    if row.error_code is None:
        return None
    return ErrorPublic(
        code=row.error_code,
        message=row.error_message or "",
        message_nl=error_from_record(row).message_nl,
    )


def file_public(upload: Upload) -> FilePublic:
    return FilePublic(
        id=upload.id,
        filename=upload.filename,
        original_filename=upload.original_filename,
        notes=upload.notes or [],
        size=upload.size,
        sha256=upload.sha256,
        type=upload.kind,
        status=upload.status,
        page_count=upload.page_count,
        error=_error(upload),
    )


def page_public(page: Page, submission_url: str, purged: bool = False) -> PagePublic:
    """A page as the API shows it; a purged page has no images left to link to."""
    image_url = f"{submission_url}/pages/{page.id}/image"
    images = {} if purged else {"original": f"{image_url}?variant=original"}
    if page.deskewed_key and not purged:
        images["deskewed"] = f"{image_url}?variant=deskewed"
    if page.thumbnail_key and not purged:
        images["thumbnail"] = f"{image_url}?variant=thumbnail"
    return PagePublic(
        id=page.id,
        file_id=page.upload_id,
        index=page.index,
        status=page.status,
        type=page.doc_type,
        quality=page.quality,
        skew_applied=page.skew_applied,
        rotation_applied=page.rotation_applied,
        error=_error(page),
        images=images,
    )


def submission_url(submission: Submission, base_url: str) -> str:
    return f"{base_url}/v1/submissions/{submission.id}"


def submission_accepted(submission: Submission, base_url: str) -> SubmissionAccepted:
    """The answer to a POST: the submission as recorded, before any worker touched it."""
    return SubmissionAccepted(
        id=submission.id,
        status=submission.status,
        status_url=submission_url(submission, base_url),
        files=[file_public(u) for u in submission.uploads],
    )


def submission_public(submission: Submission, base_url: str) -> SubmissionPublic:
    url = submission_url(submission, base_url)
    page_ids = {(p.upload_id, p.index): p.id for p in submission.pages}
    return SubmissionPublic(
        id=submission.id,
        status=submission.status,
        status_url=url,
        external_ref=submission.external_ref,
        permit_type=submission.permit_type,
        applicant_name=submission.applicant_name,
        declared_gross_salary=submission.declared_gross_salary,
        salary_period=submission.salary_period,
        occupation_category=submission.occupation_category,
        checks=submission.checks or [],
        created_at=submission.created_at,
        updated_at=submission.updated_at,
        error=_error(submission),
        files=[file_public(u) for u in submission.uploads],
        pages=[page_public(p, url, submission.purged_at is not None) for p in submission.pages],
        purged_at=submission.purged_at,
        documents=[
            DocumentPublic(
                id=d.id,
                file_id=d.upload_id,
                type=d.type,
                pages=[page_ids[(d.upload_id, i)] for i in d.page_indexes],
                page_indexes=d.page_indexes,
                fields=d.fields,
                checks=d.checks,
                cues=d.cues,
            )
            for d in submission.documents
        ],
    )
