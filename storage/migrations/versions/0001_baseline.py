"""Baseline: the schema as `create_all` made it before there were migrations.

Revision ID: 0001
Revises:
Create Date: 2026-11-29

Names match what `create_all` produced, so a database made by it can be
stamped at this revision and upgraded from here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("external_ref", sa.String(200)),
        sa.Column("permit_type", sa.String(40)),
        sa.Column("applicant_name", sa.String(200)),
        sa.Column("declared_gross_salary", sa.String(40)),
        sa.Column("salary_period", sa.String(10)),
        sa.Column("occupation_category", sa.String(40)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("checks", sa.JSON()),
        sa.Column("error_code", sa.String(40)),
        sa.Column("error_message", sa.Text()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_submissions_tenant_created", "submissions", ["tenant_id", "created_at"])
    op.create_index("ix_submissions_tenant_status", "submissions", ["tenant_id", "status"])
    op.create_index("ix_submissions_tenant_ref", "submissions", ["tenant_id", "external_ref"])

    op.create_table(
        "uploads",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("submission_id", sa.String(32), sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("declared_type", sa.String(100)),
        sa.Column("kind", sa.String(10)),
        sa.Column("object_key", sa.String(300), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("page_count", sa.Integer()),
        sa.Column("error_code", sa.String(40)),
        sa.Column("error_message", sa.Text()),
    )
    op.create_index("ix_uploads_submission_id", "uploads", ["submission_id"])

    op.create_table(
        "pages",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("submission_id", sa.String(32), sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("upload_id", sa.String(32), sa.ForeignKey("uploads.id"), nullable=False),
        sa.Column("upload_position", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("dpi", sa.Float()),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(10)),
        sa.Column("doc_type", sa.String(20)),
        sa.Column("skew_applied", sa.Float()),
        sa.Column("rotation_applied", sa.Integer()),
        sa.Column("quality", sa.JSON()),
        sa.Column("classification", sa.JSON()),
        sa.Column("mrz", sa.JSON()),
        sa.Column("image_key", sa.String(300), nullable=False),
        sa.Column("text_layer_key", sa.String(300)),
        sa.Column("deskewed_key", sa.String(300)),
        sa.Column("thumbnail_key", sa.String(300)),
        sa.Column("ocr_key", sa.String(300)),
        sa.Column("error_code", sa.String(40)),
        sa.Column("error_message", sa.Text()),
        sa.UniqueConstraint("upload_id", "index", name="uq_pages_upload_index"),
    )
    op.create_index("ix_pages_submission_id", "pages", ["submission_id"])

    op.create_table(
        "documents",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("submission_id", sa.String(32), sa.ForeignKey("submissions.id"), nullable=False),
        sa.Column("upload_id", sa.String(32), sa.ForeignKey("uploads.id"), nullable=False),
        sa.Column("upload_position", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("page_indexes", sa.JSON(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("checks", sa.JSON(), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.UniqueConstraint("upload_id", "position", name="uq_documents_upload_position"),
    )
    op.create_index("ix_documents_submission_id", "documents", ["submission_id"])


def downgrade() -> None:
    for table in ("documents", "pages", "uploads", "submissions"):
        op.drop_table(table)
