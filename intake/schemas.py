"""The HTTP API's input and output shapes, separate from the database tables.

Keys are a contract read by the portal: add keys, never rename or drop one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from intake.rules.permits import OCCUPATION_CATEGORY, PermitType, SalaryPeriod
from storage.states import FileStatus, PageStatus, SubmissionStatus

MAX_SALARY = Decimal(10) ** 9


class SubmissionCreate(BaseModel):
    """The optional metadata posted with the files."""

    external_ref: str | None = Field(None, max_length=200)
    permit_type: PermitType | None = None
    applicant_name: str | None = Field(None, max_length=200)
    declared_gross_salary: str | None = None
    salary_period: SalaryPeriod | None = None
    occupation_category: str | None = Field(
        None,
        pattern=f"^{OCCUPATION_CATEGORY.pattern}$",
        description="Selects the salary threshold row, e.g. highly_qualified; without it the "
        "permit type's default row applies.",
    )

    @field_validator("declared_gross_salary")
    @classmethod
    def _decimal(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        text = value.strip()
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(
                "must be a number with a dot as decimal separator, e.g. 4250.00"
            ) from exc
        if not amount.is_finite() or amount < 0 or amount >= MAX_SALARY:
            raise ValueError(f"must be a number from 0 to {MAX_SALARY - 1}")
        return f"{amount:.2f}"


def describe_validation(errors: Sequence[Mapping[str, Any]]) -> str:
    """Pydantic's `errors()` in one line a person can act on: `field: what is wrong; ...`."""
    return "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in errors)


class ErrorPublic(BaseModel):
    code: str
    message: str


class FilePublic(BaseModel):
    id: str
    filename: str = Field(
        description="The name as shown: no path, no control or bidi characters, at most 120."
    )
    size: int
    sha256: str
    type: str | None
    status: FileStatus
    page_count: int | None
    error: ErrorPublic | None = None
    original_filename: str | None = Field(None, description="The name exactly as sent.")
    notes: list[dict[str, str]] = Field(
        default_factory=list,
        description="What a reader should know of a file read all the same, each "
        "{code, message}: repaired_pdf, trailing_data.",
    )


class PagePublic(BaseModel):
    id: str
    file_id: str
    index: int
    status: PageStatus
    type: str | None
    quality: dict[str, Any] | None
    skew_applied: float | None
    error: ErrorPublic | None = None
    images: dict[str, str]
    rotation_applied: int | None = Field(
        None, description="Quarter turn (counter-clockwise as scanned) undone before reading."
    )


class DocumentPublic(BaseModel):
    id: str
    file_id: str
    type: str
    pages: list[str]
    page_indexes: list[int]
    fields: dict[str, Any]
    checks: list[dict[str, Any]]
    cues: list[str]


class SubmissionPublic(BaseModel):
    id: str
    status: SubmissionStatus
    status_url: str
    external_ref: str | None
    permit_type: str | None
    applicant_name: str | None
    declared_gross_salary: str | None
    salary_period: str | None
    created_at: datetime
    updated_at: datetime
    error: ErrorPublic | None = None
    files: list[FilePublic]
    pages: list[PagePublic]
    documents: list[DocumentPublic]
    occupation_category: str | None = None
    checks: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Checks across documents and declared data: name_match, "
        "applicant_name_match, diploma_holder_match, declared_salary_match, salary_threshold.",
    )
    purged_at: datetime | None = Field(
        None,
        description="When retention deleted the files, field values and names; status and "
        "each check's code and outcome remain.",
    )


class SubmissionAccepted(BaseModel):
    id: str
    status: SubmissionStatus
    status_url: str
    files: list[FilePublic]


class ThresholdsPublic(BaseModel):
    """The quality thresholds in force, as ops see them in the admin API."""

    path: str
    loaded_at: datetime
    reloads: int = Field(description="Reloads since start-up (file change, SIGHUP or API).")
    last_error: str | None = Field(
        description="Why the newest version of the file was refused; the previous values stay."
    )
    changed: list[str] = Field(default_factory=list, description="What the last action changed.")
    thresholds: dict[str, dict[str, Any]]


class ReasonShift(BaseModel):
    doc_type: str
    reason: str
    gained: int = Field(description="Stored pages that would newly fail this check.")
    lost: int = Field(description="Stored pages that would no longer fail this check.")


class SimulationPublic(BaseModel):
    """What a candidate thresholds file would do to the newest stored pages."""

    pages: int
    newly_rejected: int
    newly_passed: int
    changes: list[str] = Field(description="Values the candidate changes, old -> new.")
    reasons: list[ReasonShift]


class KeyCreate(BaseModel):
    """A key to make: a portal key for one tenant, a caseworker key for those it reviews."""

    role: Literal["portal", "caseworker", "admin"]
    tenants: list[str] = Field(default_factory=list, max_length=500)
    name: str | None = Field(None, min_length=1, max_length=200)
    replace: bool = Field(
        False, description="Revoke the live keys of the same name, role and tenants first."
    )


class KeyPublic(BaseModel):
    id: str
    role: str
    tenants: list[str]
    name: str | None
    created_at: datetime
    created_by: str
    last_used_at: datetime | None
    revoked_at: datetime | None


class KeyIssued(KeyPublic):
    key: str = Field(description="The whole key, shown this once: it is stored only as a hash.")


class AuditEventPublic(BaseModel):
    id: int
    at: datetime
    actor: str = Field(description="An API key's id, `cli:<user>`, or `service`.")
    role: str
    action: str
    outcome: str = Field(description="ok, rejected, denied (another tenant's) or not_found.")
    tenant_id: str | None
    target: str | None
    remote: str | None
    detail: dict[str, Any] | None


class AuditPage(BaseModel):
    events: list[AuditEventPublic]
    next_after: int | None = Field(
        description="Pass as `after` for the next page; null when this was the last."
    )


class RetentionPolicyPublic(BaseModel):
    tenant_id: str
    days: int | None = Field(description="Days filings keep their data; null: kept.")
    updated_at: datetime
    updated_by: str


class RetentionPublic(BaseModel):
    default_days: int | None = Field(
        description="INTAKE_RETENTION_DAYS: for tenants without their own policy; null: kept."
    )
    tenants: list[RetentionPolicyPublic]


class RetentionSet(BaseModel):
    days: int | None = Field(description="1 to 36500, or null to keep this tenant's filings.")


class RetentionRunPublic(BaseModel):
    dry_run: bool
    submissions: dict[str, int] = Field(description="Purged (or due, when dry) per tenant.")
    objects: int = Field(description="Objects deleted from the store.")
