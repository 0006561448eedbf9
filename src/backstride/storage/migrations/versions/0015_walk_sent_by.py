"""Who sent each walk: ``gait_recordings.sent_via`` (the interface: page, API, command line, python) and
``sent_by`` (the staff member signed in, by name, copied so it stays after they are removed; null for
the person themselves: no staff sign-in), as the activity list names who did something
(``services.activity``). Walks kept before have neither (null): the walk page, the report and the
exports say who sent them was not recorded. Every row is kept; going down drops the two columns (the
walks stay).

Revision ID: 0015_walk_sent_by
Revises: 0014_person_identity
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_walk_sent_by"
down_revision = "0014_person_identity"
branch_labels = None
depends_on = None

TABLE = "gait_recordings"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("sent_via", sa.String(20), nullable=True))
    op.add_column(TABLE, sa.Column("sent_by", sa.String(80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(TABLE, table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("sent_by")
        batch.drop_column("sent_via")
