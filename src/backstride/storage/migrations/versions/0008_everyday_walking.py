"""Everyday walking: a table of days imported from a phone's health export (Apple Health).

``everyday_walking_days``: one row per person, day and source (unique, so importing the same export
twice adds nothing twice and a newer export updates the day), the device or app whose steps were
kept, and the day's measures in SI units with their unit in the name (steps, distance_m,
walking_speed_mps, step_length_m, asymmetry_fraction, double_support_fraction, six_minute_walk_m;
empty when not measured), and when it was imported (UTC). Deleting a person deletes their days.
Nothing else changes; going down drops the table.

Revision ID: 0008_everyday_walking
Revises: 0007_people_label_key
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_everyday_walking"
down_revision = "0007_people_label_key"
branch_labels = None
depends_on = None

TABLE = "everyday_walking_days"
MEASURES = (
    "distance_m",
    "walking_speed_mps",
    "step_length_m",
    "asymmetry_fraction",
    "double_support_fraction",
    "six_minute_walk_m",
)


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("counted_by", sa.String(length=255), nullable=True),
        sa.Column("steps", sa.Integer(), nullable=True),
        *(sa.Column(name, sa.Float(), nullable=True) for name in MEASURES),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f(f"fk_{TABLE}_person_id_people"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{TABLE}")),
        sa.UniqueConstraint("person_id", "day", "source", name=op.f(f"uq_{TABLE}_person_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f(f"ix_{TABLE}_person_id"), TABLE, ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f(f"ix_{TABLE}_person_id"), table_name=TABLE)
    op.drop_table(TABLE)
