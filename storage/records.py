"""The record store: submissions, uploads, pages and documents (SQLAlchemy 2).

Every row carries `tenant_id` (the employer or portal account) from day one,
and every read by the API filters on it. Results that are read as a whole
(a page's quality report, a document's fields) are JSON columns.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from storage.states import FileStatus, PageStatus, S, SubmissionStatus, transition


def new_id() -> str:
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that comes back timezone-aware from every backend.

    PostgreSQL keeps the zone; SQLite stores text without one, so values are
    written in UTC and read back as UTC. A naive value is taken to be UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=UTC)


class StatusType(TypeDecorator[S]):
    """A status column: plain text in the database, a member of its enum in Python.

    Written as the enum's value, so the stored words are the API's words and no
    migration is needed when a state is added.
    """

    impl = String(20)
    cache_ok = True

    def __init__(self, kind: type[S]) -> None:
        super().__init__()
        self.kind = kind

    def process_bind_param(self, value: S | str | None, dialect: Dialect) -> str | None:
        return None if value is None else self.kind(value).value

    def process_result_value(self, value: str | None, dialect: Dialect) -> S | None:
        return None if value is None else self.kind(value)


class Base(DeclarativeBase):
    pass


def _move(kind: type[S], row: Base, key: str, target: S | str) -> S:
    """Every assignment of a status goes through the transition table."""
    return transition(kind, getattr(row, key), target)


class Submission(Base):
    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_tenant_created", "tenant_id", "created_at"),
        Index("ix_submissions_tenant_status", "tenant_id", "status"),
        Index("ix_submissions_tenant_ref", "tenant_id", "external_ref"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    tenant_id: Mapped[str] = mapped_column(String(64))
    external_ref: Mapped[str | None] = mapped_column(String(200))
    permit_type: Mapped[str | None] = mapped_column(String(40))
    applicant_name: Mapped[str | None] = mapped_column(String(200))
    declared_gross_salary: Mapped[str | None] = mapped_column(String(40))
    salary_period: Mapped[str | None] = mapped_column(String(10))
    occupation_category: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[SubmissionStatus] = mapped_column(
        StatusType(SubmissionStatus), default=SubmissionStatus.RECEIVED
    )
    # Checks across the submission's documents (names, salary), set when it is finalised.
    checks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # When retention deleted its files and personal data; the verdict and checks' codes stay.
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @validates("status")
    def _status(self, key: str, target: str) -> SubmissionStatus:
        return _move(SubmissionStatus, self, key, target)

    uploads: Mapped[list[Upload]] = relationship(
        back_populates="submission", order_by="Upload.position", cascade="all, delete-orphan"
    )
    pages: Mapped[list[Page]] = relationship(
        back_populates="submission",
        order_by="(Page.upload_position, Page.index)",
        cascade="all, delete-orphan",
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="submission",
        order_by="(Document.upload_position, Document.position)",
        cascade="all, delete-orphan",
    )


class Upload(Base):
    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # As shown (`intake.filenames.display_filename`); the name as sent is `original_filename`.
    filename: Mapped[str] = mapped_column(String(255))
    original_filename: Mapped[str | None] = mapped_column(Text)
    # What a reader should know of a file read all the same (a repaired PDF, say).
    notes: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    declared_type: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str | None] = mapped_column(String(10))
    object_key: Mapped[str] = mapped_column(String(300))
    status: Mapped[FileStatus] = mapped_column(StatusType(FileStatus), default=FileStatus.RECEIVED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    page_count: Mapped[int | None] = mapped_column(Integer)
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)

    submission: Mapped[Submission] = relationship(back_populates="uploads")

    @validates("status")
    def _status(self, key: str, target: str) -> FileStatus:
        return _move(FileStatus, self, key, target)


class Page(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("upload_id", "index", name="uq_pages_upload_index"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id"))
    upload_position: Mapped[int] = mapped_column(Integer)
    index: Mapped[int] = mapped_column(Integer)
    dpi: Mapped[float | None] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(20))
    status: Mapped[PageStatus] = mapped_column(StatusType(PageStatus), default=PageStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    verdict: Mapped[str | None] = mapped_column(String(10))
    doc_type: Mapped[str | None] = mapped_column(String(20))
    skew_applied: Mapped[float | None] = mapped_column(Float)
    rotation_applied: Mapped[int | None] = mapped_column(Integer)
    quality: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    classification: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    mrz: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    image_key: Mapped[str] = mapped_column(String(300))
    text_layer_key: Mapped[str | None] = mapped_column(String(300))
    deskewed_key: Mapped[str | None] = mapped_column(String(300))
    thumbnail_key: Mapped[str | None] = mapped_column(String(300))
    ocr_key: Mapped[str | None] = mapped_column(String(300))
    error_code: Mapped[str | None] = mapped_column(String(40))
    error_message: Mapped[str | None] = mapped_column(Text)

    submission: Mapped[Submission] = relationship(back_populates="pages")

    @validates("status")
    def _status(self, key: str, target: str) -> PageStatus:
        return _move(PageStatus, self, key, target)


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("upload_id", "position", name="uq_documents_upload_position"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    submission_id: Mapped[str] = mapped_column(ForeignKey("submissions.id"), index=True)
    upload_id: Mapped[str] = mapped_column(ForeignKey("uploads.id"))
    upload_position: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    page_indexes: Mapped[list[int]] = mapped_column(JSON)
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    checks: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    cues: Mapped[list[str]] = mapped_column(JSON)

    submission: Mapped[Submission] = relationship(back_populates="documents")


class ApiKey(Base):
    """A credential: the public id names it, only a hash of its secret is kept.

    `tenants` are the accounts whose submissions the key reaches: one for a
    portal key, those assigned for a caseworker key, none for an admin key
    (which manages the service, not filings).
    """

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(20))
    tenants: Mapped[list[str]] = mapped_column(JSON)
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


# A trail outgrows 32 bits long before a database does; SQLite's rowid is 64-bit already.
AUDIT_ID = BigInteger().with_variant(Integer(), "sqlite")


class AuditEvent(Base):
    """Who did what to which tenant's data, when and from where; never a field's value.

    Append-only: the code has no path that changes or deletes a row, and the
    migration adds triggers that refuse UPDATE and DELETE in the database itself.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_tenant_id", "tenant_id", "id"),
        Index("ix_audit_actor_id", "actor", "id"),
    )

    id: Mapped[int] = mapped_column(AUDIT_ID, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(64))
    remote: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class RetentionPolicy(Base):
    """How many days a tenant's filings keep their files and personal data (NULL: keep)."""

    __tablename__ = "retention_policies"

    tenant_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    days: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(100))
