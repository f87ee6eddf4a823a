"""Uploads keep the file name as sent beside the name shown, and notes on how they were read.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

Rows from before keep NULL in both: their `filename` is the name as sent (cut
to 255 characters), and nothing was noted on them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("uploads", sa.Column("original_filename", sa.Text()))
    op.add_column("uploads", sa.Column("notes", sa.JSON()))


def downgrade() -> None:
    op.drop_column("uploads", "notes")
    op.drop_column("uploads", "original_filename")
