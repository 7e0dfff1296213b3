"""Library banks: teachers' banks, immutable versions, shares; attempts and sessions pin a version.

Revision ID: 444e1db93731
Revises: 913b84f62f16
Create Date: 2026-12-01 09:25:04.124208
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "444e1db93731"
down_revision: str | Sequence[str] | None = "913b84f62f16"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("system_key", sa.String(length=64), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("latest", sa.Integer(), nullable=False),
        sa.Column("practice_token", sa.String(length=43), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("draft_text", sa.Text(), nullable=True),
        sa.Column("draft_problems", sa.JSON(), nullable=True),
        sa.Column("draft_base", sa.Integer(), nullable=True),
        sa.Column("draft_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["teacher.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("practice_token"),
        sa.UniqueConstraint("system_key"),
    )
    with op.batch_alter_table("bank", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "bank_share",
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["bank.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["teacher_id"], ["teacher.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("bank_id", "teacher_id"),
    )
    op.create_table(
        "bank_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("questions_yaml", sa.Text(), nullable=False),
        sa.Column("articles", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("article_count", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["teacher.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["bank_id"], ["bank.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bank_id", "number", name="uq_bank_version_number"),
    )
    with op.batch_alter_table("bank_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_version_bank_id"), ["bank_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bank_version_content_hash"), ["content_hash"], unique=False)

    sqlite = op.get_context().dialect.name == "sqlite"
    for table, ondelete in (("attempt", "CASCADE"), ("class_session", "RESTRICT")):
        name = f"fk_{table}_bank_version"
        if sqlite and context.is_offline_mode():
            # `--sql` cannot reflect the table to copy it, so the printed script adds the key inline.
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN bank_version_id INTEGER "
                f"CONSTRAINT {name} REFERENCES bank_version (id) ON DELETE {ondelete}"
            )
            op.add_column(table, sa.Column("bank_hash", sa.String(length=64), nullable=True))
        else:  # on SQLite a copy of the table with the new key (SQLite cannot add a constraint in place)
            with op.batch_alter_table(table, schema=None) as batch_op:
                batch_op.add_column(sa.Column("bank_version_id", sa.Integer(), nullable=True))
                batch_op.add_column(sa.Column("bank_hash", sa.String(length=64), nullable=True))
                batch_op.create_foreign_key(name, "bank_version", ["bank_version_id"], ["id"], ondelete=ondelete)
        op.create_index(op.f(f"ix_{table}_bank_version_id"), table, ["bank_version_id"], unique=False)


def downgrade() -> None:
    for table in ("class_session", "attempt"):
        op.drop_index(op.f(f"ix_{table}_bank_version_id"), table_name=table)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_bank_version", type_="foreignkey")
            batch_op.drop_column("bank_hash")
            batch_op.drop_column("bank_version_id")

    with op.batch_alter_table("bank_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_version_content_hash"))
        batch_op.drop_index(batch_op.f("ix_bank_version_bank_id"))

    op.drop_table("bank_version")
    op.drop_table("bank_share")
    with op.batch_alter_table("bank", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_owner_id"))

    op.drop_table("bank")
