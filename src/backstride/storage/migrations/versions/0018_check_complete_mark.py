"""An old check found complete is not replayed again to list it: ``assessments.complete_mark``.

Checks kept before finish times were stored (migration 0011) have none: History learnt whether each
was finished by replaying its answers to the end (about 0.1 s each), on the first listing after every
start. The first listing that finds one complete now keeps a mark: the SHA-256 of the versions it was
worked out with (package, questions, knowledge), the check's kind and its answers
(``services.records.complete_mark``). Later listings, after a restart too, read it instead of replaying;
a mark whose versions or answers moved is worth nothing (worked out again). It is never a finish
time (History's order, "my last check" and the walk a result uses go by ``finished_at``, unchanged), it
is not exported, and a listing that cannot write it (a read-only user, the database busy) lists all the
same. Checks kept before have none (NULL: worked out once more); going down drops the column.

Revision ID: 0018_check_complete_mark
Revises: 0017_diary_form_token
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_check_complete_mark"
down_revision = "0017_diary_form_token"
branch_labels = None
depends_on = None

TABLE = "assessments"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("complete_mark", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table(TABLE, table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("complete_mark")
