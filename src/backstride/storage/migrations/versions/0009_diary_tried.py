"""What a person tried: the relief steps a diary day records ("What I tried today").

``diary_entries.tried``: a JSON list of advice codes (``diary.steps``: the knowledge base's items with
``diary_words``, such as ``knee_to_chest`` or ``heat_after_48h``), never null; every entry kept before
has none (``[]``), which the diary reads as "nothing noted". Nothing else changes; going down drops the
column, and with it the steps noted (the days, pains and notes stay).

Revision ID: 0009_diary_tried
Revises: 0008_everyday_walking
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_diary_tried"
down_revision = "0008_everyday_walking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the default fills the rows kept before (SQLite and PostgreSQL both need one for NOT NULL)
    op.add_column("diary_entries", sa.Column("tried", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("diary_entries", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("tried")
