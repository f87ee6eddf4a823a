"""The HTTP API's input and output shapes, separate from the database tables.

Keys are a contract read by the portal: add keys, never rename or drop one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from annotated_types import Ge, Le
from pydantic import BaseModel, BeforeValidator, Field, StrictBool, field_validator

from intake.auth import TENANT_PATTERN
from intake.rules.permits import OCCUPATION_CATEGORY, PermitType, SalaryPeriod
from intake.settings import MAX_RETENTION_DAYS
from storage.states import FileStatus, PageStatus, SubmissionStatus

# A gross amount as the portal sends it: digits, a dot and at most two decimals; blank for none.
SALARY_PATTERN = r"^\s*(\d{1,9}(\.\d{1,2})?)?\s*$"


class SubmissionCreate(BaseModel):
    """The optional metadata posted with the files."""

    external_ref: str | None = Field(None, max_length=200)
    permit_type: PermitType | None = None
    applicant_name: str | None = Field(None, max_length=200)
    declared_gross_salary: str | None = Field(
        None,
        pattern=SALARY_PATTERN,
        description="Gross salary with a dot as decimal separator, e.g. 4250.00.",
    )
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
        return f"{Decimal(value.strip()):.2f}"


# What a value of each patterned field looks like, said instead of the regular expression.
_PATTERN_HINTS = {
    "declared_gross_salary": "must be a number with a dot as decimal separator and at most "
    "two decimals, e.g. 4250.00",
    "occupation_category": "must be lower-case letters, digits and '_', e.g. highly_qualified",
    "tenants": "a tenant is 1 to 64 letters, digits, '.', '_' or '-'",
    "tenant_id": "a tenant is 1 to 64 letters, digits, '.', '_' or '-'",
    "submission_id": "not an id this service gives: 32 lower-case hexadecimal digits",
    "page_id": "not an id this service gives: 32 lower-case hexadecimal digits",
    "key_id": "not a key id: 16 lower-case hexadecimal digits",
}


def describe_validation(errors: Sequence[Mapping[str, Any]]) -> str:
    """Pydantic's `errors()` in one line a person can act on: `field: what is wrong; ...`."""
    return "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {_said(err)}" for err in errors)


# Why a key of each role takes the tenants it does, said when a list has the wrong length.
_SCOPE_HINTS = {
    ("portal", "tenants"): "a portal key files for exactly one tenant",
    ("caseworker", "tenants"): "a caseworker key needs the tenants it reviews",
    ("admin", "tenants"): "an admin key manages the service and reads no filing: no tenants",
}


def _said(error: Mapping[str, Any]) -> str:
    scope = tuple(str(p) for p in error["loc"][-2:])
    if error.get("type") in ("too_short", "too_long") and scope in _SCOPE_HINTS:
        return _SCOPE_HINTS[scope]
    if error.get("type") == "string_pattern_mismatch":
        for part in reversed(error["loc"]):
            if part in _PATTERN_HINTS:
                return _PATTERN_HINTS[str(part)]
    return str(error["msg"])


class ErrorPublic(BaseModel):
    code: str
    message: str
    message_nl: str | None = Field(
        None, description="What to do, in Dutch, for refusals of an upload."
    )


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
        "applicant_name_match, diploma_holder_match, birth_date_match, declared_salary_match, "
        "salary_threshold.",
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


# A tenant's name as keys, paths and the trail carry it.
Tenant = Annotated[str, Field(pattern=TENANT_PATTERN.pattern)]


class _KeyCreate(BaseModel):
    name: str | None = Field(None, min_length=1, max_length=200)
    replace: StrictBool = Field(
        False, description="Revoke the live keys of the same name, role and tenants first."
    )


class PortalKeyCreate(_KeyCreate):
    """A portal key files and reads for exactly one tenant."""

    role: Literal["portal"]
    tenants: list[Tenant] = Field(min_length=1, max_length=1)


class CaseworkerKeyCreate(_KeyCreate):
    """A caseworker key reads the tenants assigned to it."""

    role: Literal["caseworker"]
    tenants: list[Tenant] = Field(min_length=1, max_length=500)


class AdminKeyCreate(_KeyCreate):
    """An admin key manages the service and reads no filing: no tenants."""

    role: Literal["admin"]
    tenants: list[Tenant] = Field(default_factory=list, max_length=0)


KeyCreate = Annotated[
    PortalKeyCreate | CaseworkerKeyCreate | AdminKeyCreate, Field(discriminator="role")
]


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


def _no_bool(value: object) -> object:
    """JSON's `true` is no count of days, though Python counts it as 1."""
    if isinstance(value, bool):
        raise ValueError("must be a whole number of days or null")
    return value


class RetentionSet(BaseModel):
    days: Annotated[int, Ge(1), Le(MAX_RETENTION_DAYS), BeforeValidator(_no_bool)] | None = Field(
        description="Days, or null to keep this tenant's filings."
    )


class RetentionRunPublic(BaseModel):
    dry_run: bool
    submissions: dict[str, int] = Field(description="Purged (or due, when dry) per tenant.")
    objects: int = Field(description="Objects deleted from the store.")
    failed: int = Field(0, description="Submissions that could not be purged; next run.")
