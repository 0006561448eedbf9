"""The same walk file sent twice at the same moment is stored once: ``gait_recordings.duplicate_key``.

A walk file sent again (the same bytes, trial, units, height and times typed) is not stored twice:
the upload looks for it first. Two sent at the same moment (a double click, two tabs) could both pass
that look-up and both be stored. Now each walk keeps a key of what makes it the same
(``storage.models.walk_duplicate_key``: a SHA-256 of the file's SHA-256, the reader's choices, the
times typed and the height), unique per person: the database keeps the second one out.

Existing walks get their key here. A database may already keep the same walk twice (sent before the
look-up existed, or in a race): the upgrade must not fail, and it must not drop anyone's walk. The
walk stored first gets the key; each later one keeps no key (NULL, which never collides) and stays as
it is. A walk whose parameters cannot be read keeps no key either. Going down drops the index and the
column; no walk changes.

Revision ID: 0013_walk_duplicate_key
Revises: 0012_diary_entry_versions
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backstride.storage.models import walk_duplicate_key

revision = "0013_walk_duplicate_key"
down_revision = "0012_diary_entry_versions"
branch_labels = None
depends_on = None

TABLE = "gait_recordings"
INDEX = "uq_gait_recordings_person_id_duplicate_key"

walks = sa.table(
    TABLE,
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("sha256", sa.String),
    sa.column("height_cm", sa.Float),
    sa.column("algorithm_parameters", sa.JSON),
    sa.column("duplicate_key", sa.String),
)


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column(TABLE, sa.Column("duplicate_key", sa.String(length=64), nullable=True))
    rows = bind.execute(
        sa.select(
            walks.c.id, walks.c.person_id, walks.c.sha256, walks.c.algorithm_parameters, walks.c.height_cm
        ).order_by(walks.c.id)
    )
    taken: set[tuple[int, str]] = set()
    keys: list[dict[str, object]] = []
    for walk_id, person_id, sha256, parameters, height_cm in rows:
        key = walk_duplicate_key(sha256, parameters, height_cm)
        if key is None or (person_id, key) in taken:
            continue  # the same walk kept before: it stays, without the key
        taken.add((person_id, key))
        keys.append({"walk_id": walk_id, "key": key})
    if keys:
        by_id = walks.c.id == sa.bindparam("walk_id")
        bind.execute(walks.update().where(by_id).values(duplicate_key=sa.bindparam("key")), keys)
    op.create_index(INDEX, TABLE, ["person_id", "duplicate_key"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    with op.batch_alter_table(TABLE, table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("duplicate_key")
