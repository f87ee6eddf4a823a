"""Retention: per-tenant policies, and when a submission's personal data was deleted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("submissions", sa.Column("purged_at", sa.DateTime(timezone=True)))
    op.create_table(
        "retention_policies",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("days", sa.Integer()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retention_policies")
    op.drop_column("submissions", "purged_at")
