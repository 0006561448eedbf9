"""Records belong to a person: a clinic keeps many people's checks, walks and diaries in one database.

A new table ``people`` (id, label, height, created) and a ``person_id`` on ``assessments``,
``gait_recordings`` and ``diary_entries`` (required; deleting a person deletes their records). Every
record stored before belongs to the first person, "Me", made here; the height last used for a walk
moves from ``settings`` to that person. At home nothing changes: there is one person.

SQLite cannot add a required foreign key to a table, so the three tables are rebuilt (batch mode,
keeping AUTOINCREMENT, see 0002); ``storage.migrate`` runs it with foreign keys off and checks them
before it commits, in one transaction.

Revision ID: 0004_people
Revises: 0003_walk_size_64_bit
Create Date: 2026-11-26
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0004_people"
down_revision = "0003_walk_size_64_bit"
branch_labels = None
depends_on = None

TABLES = ("gait_recordings", "assessments", "diary_entries")
FIRST_PERSON_ID = 1
FIRST_PERSON_LABEL = "Me"
HEIGHT_KEY = "height_cm"

settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.JSON))
people = sa.table(
    "people",
    sa.column("id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("height_cm", sa.Float),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _stored_height(bind: sa.engine.Connection) -> float | None:
    value = bind.execute(sa.select(settings.c.value).where(settings.c.key == HEIGHT_KEY)).scalar()
    if isinstance(value, str):  # JSON text on a driver that does not decode it
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def upgrade() -> None:
    bind = op.get_bind()
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("height_cm", sa.Float(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("label", name=op.f("uq_people_label")),
        sqlite_autoincrement=True,
    )
    op.bulk_insert(
        people,
        [
            {
                "id": FIRST_PERSON_ID,
                "label": FIRST_PERSON_LABEL,
                "height_cm": _stored_height(bind),
                "created_at": datetime.now(UTC),
            }
        ],
    )
    if bind.dialect.name == "postgresql":  # the row above was given its id: the sequence goes on after it
        op.execute("SELECT setval(pg_get_serial_sequence('people', 'id'), 1)")
    op.execute(settings.delete().where(settings.c.key == HEIGHT_KEY))
    for table in TABLES:
        op.add_column(table, sa.Column("person_id", sa.Integer(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET person_id = {FIRST_PERSON_ID}"))
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                op.f(f"fk_{table}_person_id_people"), "people", ["person_id"], ["id"], ondelete="CASCADE"
            )
            batch.create_index(op.f(f"ix_{table}_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    # Only a database of one person goes back whole; with several, their records are merged.
    bind = op.get_bind()
    height = bind.execute(sa.select(people.c.height_cm).order_by(people.c.id).limit(1)).scalar()
    for table in TABLES:
        with op.batch_alter_table(table, table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.drop_index(op.f(f"ix_{table}_person_id"))
            batch.drop_constraint(op.f(f"fk_{table}_person_id_people"), type_="foreignkey")
            batch.drop_column("person_id")
    if height is not None:
        op.bulk_insert(settings, [{"key": HEIGHT_KEY, "value": float(height)}])
    op.drop_table("people")
