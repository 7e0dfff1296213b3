"""Classroom holds: removed devices; generated names only, auto reveal, per-question time, past join codes.

Revision ID: 5d3d004f7289
Revises: 444e1db93731
Create Date: 2026-12-08 10:12:40.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d3d004f7289"
down_revision: str | Sequence[str] | None = "444e1db93731"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Nullable, so existing sessions need no value: None reads as the default (off, the session's seconds, no codes).
SESSION_COLUMNS = (
    ("generated_names", sa.Boolean()),
    ("auto_reveal", sa.Boolean()),
    ("question_seconds", sa.Integer()),
    ("codes", sa.JSON()),
)


def upgrade() -> None:
    # Plain nullable columns without constraints: SQLite adds them in place (no batch copy needed).
    for name, type_ in SESSION_COLUMNS:
        op.add_column("class_session", sa.Column(name, type_, nullable=True))
    op.create_table(
        "removed_device",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=False),
        sa.Column("nickname", sa.String(length=40), nullable=False),
        sa.Column("attempt_id", sa.String(length=32), nullable=True),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["class_session.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", "device", name="uq_removed_device"),
    )
    op.create_index(op.f("ix_removed_device_session_id"), "removed_device", ["session_id"], unique=False)
    op.create_index(op.f("ix_removed_device_attempt_id"), "removed_device", ["attempt_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_removed_device_attempt_id"), table_name="removed_device")
    op.drop_index(op.f("ix_removed_device_session_id"), table_name="removed_device")
    op.drop_table("removed_device")
    with op.batch_alter_table("class_session", schema=None) as batch_op:  # SQLite: a copy without the columns
        for name, _type in reversed(SESSION_COLUMNS):
            batch_op.drop_column(name)
