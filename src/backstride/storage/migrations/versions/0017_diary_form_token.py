"""A diary form sent twice is stored once: ``diary_entries.form_token``.

The diary page's form carries a one-time token, made when the page is drawn. The entry it adds keeps
that token, unique per person: the same form sent twice (a double click on Save, a page sent again by
the browser) finds the entry the first one stored and adds none, even when both arrive at the same
moment (the database keeps the second one out). The API's ``Idempotency-Key`` header is kept the same
way. Entries kept before have no token (NULL, which never collides); every row is kept. Going down
drops the index and the column; no entry changes.

Revision ID: 0017_diary_form_token
Revises: 0016_check_started_by
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_diary_form_token"
down_revision = "0016_check_started_by"
branch_labels = None
depends_on = None

TABLE = "diary_entries"
INDEX = "uq_diary_entries_person_id_form_token"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("form_token", sa.String(length=64), nullable=True))
    op.create_index(INDEX, TABLE, ["person_id", "form_token"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    with op.batch_alter_table(TABLE, table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("form_token")
