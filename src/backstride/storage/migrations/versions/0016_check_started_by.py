"""Who started each check: ``assessments.started_via`` (the interface: page, API, command line, python)
and ``started_by`` (the staff member signed in, by name, copied so it stays after they are removed;
null when none was: a clinic's shared password names nobody, and at home nobody signs in), as a walk
keeps who sent it (migration 0015) and the activity list names who did something
(``services.activity``). Checks kept before have neither (null): the result page, the report and the
exports say who started them was not recorded. Every row is kept; going down drops the two columns
(the checks stay).

Revision ID: 0016_check_started_by
Revises: 0015_walk_sent_by
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_check_started_by"
down_revision = "0015_walk_sent_by"
branch_labels = None
depends_on = None

TABLE = "assessments"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("started_via", sa.String(20), nullable=True))
    op.add_column(TABLE, sa.Column("started_by", sa.String(80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(TABLE, table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("started_by")
        batch.drop_column("started_via")
