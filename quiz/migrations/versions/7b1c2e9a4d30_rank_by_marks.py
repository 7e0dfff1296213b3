"""Live leaderboards ranked by certainty marks: the session's rank_by.

Revision ID: 7b1c2e9a4d30
Revises: 5d3d004f7289
Create Date: 2026-12-01 12:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b1c2e9a4d30"
down_revision: str | Sequence[str] | None = "5d3d004f7289"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable without a constraint, so SQLite adds it in place; None reads as "points".
    op.add_column("class_session", sa.Column("rank_by", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("class_session", schema=None) as batch_op:  # SQLite: a copy without the column
        batch_op.drop_column("rank_by")
