"""What a clinic may add about a person to match the record to its own: name, birth date, gender and a
clinic identifier (a medical record number with the URI of its system).

Five optional columns on ``people`` (``storage.models.Person``), empty for everyone already kept: a
home install never needs them, and the label stays what the app calls a person. The same number in
the same system is never two people's (a unique index), nor the same number without a system (a
partial unique index where the system is NULL, as SQL NULLs differ: the look-up in ``services.people``
alone let two requests at once both keep it; review R4). Going down drops the indexes and the
columns, and with them what was typed into them.

Revision ID: 0014_person_identity
Revises: 0013_walk_duplicate_key
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_person_identity"
down_revision = "0013_walk_duplicate_key"
branch_labels = None
depends_on = None

TABLE = "people"
INDEX = "uq_people_mrn_system_mrn"
NO_SYSTEM_INDEX = "uq_people_mrn_no_system"
NO_SYSTEM = sa.text("mrn_system IS NULL")
COLUMNS = (
    ("name", sa.String(length=200)),
    ("birth_date", sa.Date()),
    ("gender", sa.String(length=10)),
    ("mrn", sa.String(length=64)),
    ("mrn_system", sa.String(length=255)),
)


def upgrade() -> None:
    for name, kind in COLUMNS:
        op.add_column(TABLE, sa.Column(name, kind, nullable=True))
    op.create_index(INDEX, TABLE, ["mrn_system", "mrn"], unique=True)
    op.create_index(
        NO_SYSTEM_INDEX, TABLE, ["mrn"], unique=True, sqlite_where=NO_SYSTEM, postgresql_where=NO_SYSTEM
    )


def downgrade() -> None:
    op.drop_index(NO_SYSTEM_INDEX, table_name=TABLE)
    op.drop_index(INDEX, table_name=TABLE)
    with op.batch_alter_table(TABLE, table_kwargs={"sqlite_autoincrement": True}) as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
