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
from intake.errors import NotFound, Purged
from intake.schemas import SubmissionPublic
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
    ctx: ServiceContext, who: Principal, meta: SubmissionMeta, files: list[IncomingFile]
) -> Submission:
    """A portal key files for its own tenant, whatever tenant `meta` names."""
    meta = SubmissionMeta(**{**vars(meta), "tenant_id": who.own_tenant})
    return create_submission(ctx, meta, files, by=who.actor)


def submission_view(
    ctx: ServiceContext, who: Principal, submission_id: str, base_url: str
) -> SubmissionPublic:
    with ctx.transaction() as session:
        submission = _reached(session, who, submission_id, "submission.read")
        if submission is not None:
            return views.submission_public(submission, base_url)
    raise NotFound(NO_SUCH_SUBMISSION)


def page_image(
    ctx: ServiceContext, who: Principal, submission_id: str, page_id: str, variant: Variant
) -> PageImage:
    """The stored image of one page, read as the caller; its key for the route to serve."""
    with ctx.transaction() as session:
        submission = _reached(
            session,
            who,
            submission_id,
            "page_image.read",
            {"page": page_id[:64], "variant": variant},
        )
        page = session.get(Page, page_id) if submission is not None else None
        in_submission = page is not None and page.submission_id == submission_id
        key = getattr(page, IMAGE_VARIANTS[variant]) if in_submission else None
        purged = submission.purged_at if submission is not None else None
    if submission is None:
        raise NotFound(NO_SUCH_SUBMISSION)
    if not in_submission:
        raise NotFound("No such page in this submission.")
    if purged is not None:
        raise Purged(
            f"This page's images were deleted on {purged:%Y-%m-%d} under the retention "
            "period of its tenant."
        )
    if key is None:
        raise NotFound(f"The {variant} image of this page is not ready yet.")
    return PageImage(key, "image/jpeg" if key.endswith(".jpg") else "image/png")


def _reached(
    session: Session,
    who: Principal,
    submission_id: str,
    action: str,
    detail: dict[str, str] | None = None,
) -> Submission | None:
    """The submission if the caller's key reaches it; the attempt is audited either way."""
    who.require(*READERS)
    submission = session.scalar(
        select(Submission).where(
            Submission.id == submission_id, Submission.tenant_id.in_(who.tenants)
        )
    )
    if submission is not None:
        audit.append(
            session,
            who.actor,
            action,
            tenant_id=submission.tenant_id,
            target=submission.id,
            detail=detail,
        )
        return submission
    owner = session.scalar(select(Submission.tenant_id).where(Submission.id == submission_id))
    audit.append(
        session,
        who.actor,
        action,
        tenant_id=owner,
        target=submission_id[:64],
        outcome="not_found" if owner is None else "denied",
        detail=detail,
    )
    return None
