"""Named sign-in for clinic staff: a ``staff`` table, and the staff member's name on each activity line.

``staff``: id, name (as typed), name_key (the name case-folded, unique: no two staff differ only in
case), the scrypt hash of their own password, when they were added (UTC). ``events.staff_name``: who
was signed in, copied as text (no foreign key), so a line keeps it after they are removed; empty for
the lines written before, and for the shared password. Nothing else changes. Going down drops
the staff table (add them again after the next upgrade) and moves each line's name into its detail
("by Dr Lee").

Revision ID: 0006_staff
Revises: 0005_events
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_staff"
down_revision = "0005_events"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("name_key", sa.String(length=240), nullable=False),
        sa.Column("password_scrypt", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint("name_key", name=op.f("uq_staff_name_key")),
        sqlite_autoincrement=True,
    )
    op.add_column("events", sa.Column("staff_name", sa.String(length=80), nullable=True))


def downgrade() -> None:
    # the column goes, the name stays: "by Dr Lee" in the line's detail (an activity list that
    # forgot who did what would lose the reason it is kept)
    events = sa.table("events", sa.column("detail", sa.Text), sa.column("staff_name", sa.String))
    by = sa.literal("by ") + events.c.staff_name
    op.execute(
        events.update()
        .where(events.c.staff_name.is_not(None))
        .values(
            detail=sa.case(
                (sa.func.coalesce(events.c.detail, "") == "", by),
                else_=events.c.detail + sa.literal(" (") + by + sa.literal(")"),
            )
        )
    )
    with op.batch_alter_table("events", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("staff_name")
    op.drop_table("staff")
