"""Earlier versions of diary entries: ``diary_entry_versions``.

Restoring a backup whose diary entry is a newer version of a stored one (the same entry, first made
at the same moment, changed later on another computer) replaces the stored version. It was then
kept only in the restore's message; now the version it replaces is a row here: its day, pain,
minutes, notes and steps tried as they were, when that version was last changed (``updated_at``),
when and by what it was replaced (``replaced_at``, ``replaced_by``: "restore"). The entry's Edit page
shows it, and the JSON export carries it (format 6). A row goes with its entry when that is deleted
(and so with its person). Nothing stored before changes: no entry has an earlier version yet. Going
down drops the table, and with it the earlier versions kept.

Revision ID: 0012_diary_entry_versions
Revises: 0011_check_finished_at
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_diary_entry_versions"
down_revision = "0011_check_finished_at"
branch_labels = None
depends_on = None

TABLE = "diary_entry_versions"


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("pain_0_10", sa.Integer(), nullable=False),
        sa.Column("walking_tolerance_min", sa.Float(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("tried", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("replaced_by", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["diary_entries.id"],
            name=op.f(f"fk_{TABLE}_entry_id_diary_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f(f"ix_{TABLE}_entry_id"), TABLE, ["entry_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_entry_id"), table_name=TABLE)
    op.drop_table(TABLE)
