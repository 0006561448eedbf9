"""Ids are never reused: SQLite tables with an integer id become AUTOINCREMENT.

Without AUTOINCREMENT SQLite gives a new row the highest id + 1, so after the newest assessment, walk
or diary entry was deleted the next one got its number back (a note saying "check 12" or a bookmark
then showed another item). AUTOINCREMENT keeps the highest id ever given in ``sqlite_sequence``.

SQLite cannot add AUTOINCREMENT to a table, so each table is rebuilt (Alembic batch mode: create a
copy, copy every row with its id, drop the old table, rename the copy). Dropping a table that other
rows refer to would fire their ON DELETE SET NULL while foreign keys are on and lose the links, so
``storage.migrate`` runs every SQLite migration with foreign keys off (switched before the
transaction, where SQLite honours it) and checks ``PRAGMA foreign_key_check`` before it commits.
The whole migration is one transaction: stopped half-way, the database is as it was.

Ids deleted before this migration cannot be known any more: the next id continues after the highest
id still stored. PostgreSQL needs nothing: its ``SERIAL`` sequences never give a number twice.

Revision ID: 0002_ids_never_reused
Revises: 0001_initial
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0002_ids_never_reused"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

TABLES = ("gait_recordings", "assessments", "diary_entries")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(autoincrement=True)


def downgrade() -> None:
    _rebuild(autoincrement=False)
