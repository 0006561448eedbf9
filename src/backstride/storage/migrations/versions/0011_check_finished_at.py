"""When a check was finished: ``assessments.finished_at``, the time of the answer that finished it.

"What changed since your last check" compares a check with the one finished before it: a check
started first and finished later is the newer one. Neither ``created_at`` (started) nor
``updated_at`` (moved each time a result is stored again, after a new walk) says when it was
finished. Checks kept before have none (null): they are ordered by when they were started, as
before. Going down drops the column (the checks stay).

Revision ID: 0011_check_finished_at
Revises: 0010_staff_admin
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_check_finished_at"
down_revision = "0010_staff_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("assessments", sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("finished_at")
