"""What a principal may do with submissions: every read and write here is scoped and audited.

Routes never filter by tenant themselves. Each function takes the caller,
selects only rows of the tenants the caller's key reaches, and writes the
audit event in the same transaction as the act. A submission of another tenant
is "not found", exactly like one that does not exist; the trail tells them
apart (`denied` / `not_found`) for the admins who read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from intake import views
from intake.auth import Principal, Role
from intake.errors import IntakeError, NotFound, Purged
from intake.schemas import SubmissionCreate, SubmissionPublic
from intake.service import IncomingFile, ServiceContext, SubmissionMeta, create_submission
from storage import audit
from storage.records import Page, Submission

Variant = Literal["original", "deskewed", "thumbnail"]
IMAGE_VARIANTS: dict[str, str] = {
    "original": "image_key",
    "deskewed": "deskewed_key",
    "thumbnail": "thumbnail_key",
}
READERS = (Role.PORTAL, Role.CASEWORKER)
NO_SUCH_SUBMISSION = "No submission with this id."


@dataclass(frozen=True)
class PageImage:
    key: str
    media_type: str


def submit(
    ctx: ServiceContext, who: Principal, declared: SubmissionCreate, files: list[IncomingFile]
) -> Submission:
    """A portal key files for its own tenant: the one place a filing gets its tenant."""
    meta = SubmissionMeta(tenant_id=who.own_tenant, **declared.model_dump())
    return create_submission(ctx, meta, files, by=who.actor)


def submission_view(
    ctx: ServiceContext, who: Principal, submission_id: str, base_url: str
) -> SubmissionPublic:
    with ctx.transaction() as session:
        submission = _reached(session, who, submission_id)
        _audit(session, who, "submission.read", submission_id, submission)
        if submission is not None:
            return views.submission_public(submission, base_url)
    raise NotFound(NO_SUCH_SUBMISSION)


def page_image(
    ctx: ServiceContext, who: Principal, submission_id: str, page_id: str, variant: Variant
) -> PageImage:
    """The stored image of one page, read as the caller; its key for the route to serve.

    The audit event says what was served: `ok` only when an image is handed out.
    """
    refusal: IntakeError | None = None
    with ctx.transaction() as session:
        submission = _reached(session, who, submission_id)
        page = session.get(Page, page_id) if submission is not None else None
        key = None
        if submission is None:
            refusal = NotFound(NO_SUCH_SUBMISSION)
        elif page is None or page.submission_id != submission.id:
            refusal = NotFound("No such page in this submission.")
        elif submission.purged_at is not None:
            refusal = Purged(
                f"This page's images were deleted on {submission.purged_at:%Y-%m-%d} under "
                "the retention period of its tenant."
            )
        elif (key := getattr(page, IMAGE_VARIANTS[variant])) is None:
            refusal = NotFound(f"The {variant} image of this page is not ready yet.")
        detail = {"page": page_id, "variant": variant}
        _audit(session, who, "page_image.read", submission_id, submission, detail, refusal)
    if refusal is not None or key is None:
        raise refusal or NotFound(NO_SUCH_SUBMISSION)
    return PageImage(key, "image/jpeg" if key.endswith(".jpg") else "image/png")


def _reached(session: Session, who: Principal, submission_id: str) -> Submission | None:
    """The submission, if the caller's key reaches its tenant; the query itself filters."""
    who.require(*READERS)
    return session.scalar(
        select(Submission).where(
            Submission.id == submission_id, Submission.tenant_id.in_(who.tenants)
        )
    )


def _audit(
    session: Session,
    who: Principal,
    action: str,
    submission_id: str,
    reached: Submission | None,
    detail: dict[str, str] | None = None,
    refusal: IntakeError | None = None,
) -> None:
    """One event per attempt: ok, the refusal's code, or for a submission out of reach
    `denied` (another tenant's) or `not_found` (none), which the caller cannot tell apart."""
    if reached is not None:
        outcome = "ok" if refusal is None else refusal.code
        owner: str | None = reached.tenant_id
    else:
        owner = session.scalar(select(Submission.tenant_id).where(Submission.id == submission_id))
        outcome = "not_found" if owner is None else "denied"
    audit.append(
        session,
        who.actor,
        action,
        tenant_id=owner,
        target=submission_id,
        outcome=outcome,
        detail=detail,
    )
