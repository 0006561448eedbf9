"""A list of what was done to the records (``events``), for a clinic to account for changes.

One row per person added, changed or deleted, per delete-all, restore and download of someone's
records, and per password set or cleared: when, what, whose (id and label copied, no foreign key, so
the row outlives the person), through which interface and from which address. Nothing else changes.

Revision ID: 0005_events
Revises: 0004_people
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_events"
down_revision = "0004_people"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("person_label", sa.String(length=80), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("via", sa.String(length=20), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_events_at"), "events", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_events_at"), table_name="events")
    op.drop_table("events")
