"""Drafts a teacher added or set aside, remembered per bank and article.

Revision ID: c3d9a1f0b2e7
Revises: 7b1c2e9a4d30
Create Date: 2026-12-01 15:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c3d9a1f0b2e7"
down_revision: str | Sequence[str] | None = "7b1c2e9a4d30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "draft_decision",
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=120), nullable=False),
        sa.Column("draft_key", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["bank.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("bank_id", "article_id", "draft_key"),
    )


def downgrade() -> None:
    op.drop_table("draft_decision")
